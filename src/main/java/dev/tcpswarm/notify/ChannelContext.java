package dev.tcpswarm.notify;

import java.net.http.HttpClient;
import java.util.function.Consumer;

/**
 * What channels share in one monitor: where stdout lines and log lines go (the monitor's bounded
 * console and its events file), and one HTTP client. Thread-safe.
 *
 * @param stdoutLine takes a line for stdout, never blocking
 * @param logLine takes a line for the events file (or stderr without one)
 */
public record ChannelContext(Consumer<String> stdoutLine, Consumer<String> logLine, HttpClient http) {
}
