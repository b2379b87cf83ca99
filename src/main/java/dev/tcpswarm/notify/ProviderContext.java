package dev.tcpswarm.notify;

import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the open channels of one monitor share: one HTTP client, a scheduler for their own timers
 * (the Alertmanager channel's re-sends), an executor for blocking work (sending mail), and the
 * timeout of one try.
 */
public record ProviderContext(HttpClient http, ScheduledExecutorService scheduler, Executor blocking, long timeoutMillis) {
}
