package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Messaging;
import dev.tcpswarm.engine.conversation.Payload;
import dev.tcpswarm.engine.conversation.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The traffic options of {@code run} and {@code ramp}, tcpkali's: a first message once each
 * connection is up ({@code --send}, tcpkali's {@code -1}), a message repeated at a rate per
 * connection while it is held ({@code --message} with {@code --message-rate}, tcpkali's
 * {@code -m}/{@code -r}), and the answer expected to each ({@code --expect}, whose latency from the
 * planned send is the run's response latency, like tcpkali's {@code --latency-marker}). Payloads
 * take the conversation's escapes ({@code \r \n \t \xHH}, or {@code hex: ...}), or come from a file
 * as they are. Picocli fills it on the command's thread; {@link #messaging} turns it into the
 * engine's {@link Messaging}, or none.
 */
public final class MessageOptions {
    @Option(names = "--send", paramLabel = "STR", description = "Once each connection is up (after --tls): send "
            + "this, with escapes \\r \\n \\t \\xHH, or hex: 0a 0b ... (tcpkali's -1)")
    String send;

    @Option(names = "--send-file", paramLabel = "FILE", description = "As --send, the file's bytes as they are "
            + "(binary payloads)")
    Path sendFile;

    @Option(names = "--message", paramLabel = "STR", description = "While each connection is held: send this "
            + "--message-rate times a second, on a schedule of its own (tcpkali's -m); escapes as --send")
    String message;

    @Option(names = "--message-file", paramLabel = "FILE", description = "As --message, the file's bytes as they are")
    Path messageFile;

    @Option(names = "--message-rate", paramLabel = "R", description = "Messages per second per connection (tcpkali's "
            + "-r); fractions allowed, e.g. 0.5")
    Double messageRate;

    @Option(names = "--expect", paramLabel = "REGEX", description = "The answer to each message sent: a regular "
            + "expression matched against the bytes received since the last match; its latency from the message's "
            + "planned send goes into the response latency (response_p(99) etc.)")
    String expect;

    @Option(names = "--response-timeout", paramLabel = "DURATION", converter = Durations.Seconds.class,
            defaultValue = "1s", description = "With --expect: an answer not there this long after its message was "
                    + "sent counts as a response timeout (default: ${DEFAULT-VALUE})")
    long responseTimeoutNanos;

    /** Longest payload taken from a file. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /**
     * What these options ask each connection to send, or null when nothing.
     *
     * @throws UsageException for an option that needs another, a bad payload, rate or expression, or a
     *     file that cannot be read
     */
    Messaging messaging() {
        if (send != null && sendFile != null) {
            throw new UsageException("--send and --send-file exclude each other: give one");
        }
        if (message != null && messageFile != null) {
            throw new UsageException("--message and --message-file exclude each other: give one");
        }
        byte[] first = send != null ? payload("--send", send) : sendFile != null ? file("--send-file", sendFile) : null;
        byte[] repeated = message != null ? payload("--message", message)
                : messageFile != null ? file("--message-file", messageFile) : null;
        if (repeated != null && messageRate == null) {
            throw new UsageException("--message needs --message-rate R (messages per second per connection)");
        }
        if (repeated == null && messageRate != null) {
            throw new UsageException("--message-rate is the rate of --message: add --message STR");
        }
        if (first == null && repeated == null) {
            if (expect != null) {
                throw new UsageException("--expect is the answer to a message: add --send or --message");
            }
            return null;
        }
        long interval = 0;
        if (repeated != null) {
            double r = messageRate;
            if (!(r > 0) || Double.isInfinite(r) || r > 1_000_000) {
                throw new UsageException("--message-rate must be above 0 and at most 1000000 per second, not "
                        + messageRate);
            }
            interval = Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / r));
        }
        if (responseTimeoutNanos <= 0) {
            throw new UsageException("--response-timeout must be longer than 0");
        }
        return new Messaging(first, repeated, interval, expect == null ? null : pattern(expect), responseTimeoutNanos);
    }

    /** Whether these options send anything (for the checks that need --hold). */
    boolean repeats() {
        return message != null || messageFile != null;
    }

    private static byte[] payload(String option, String text) {
        try {
            Payload parsed = Payload.parse(text);
            if (parsed.usesCaptures()) {
                throw new UsageException(option + " '" + text + "' refers to a capture (${N}): those are for a "
                        + "monitor's conversation steps; write \\${ for the characters themselves");
            }
            byte[] bytes = parsed.bytes();
            if (bytes.length == 0) {
                throw new UsageException(option + " is empty: give the bytes to send");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    private static byte[] file(String option, Path path) {
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new UsageException(option + " " + path + " is larger than 16 MiB: send a smaller file");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw new UsageException(option + " " + path + " is empty: give a file with the bytes to send");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + path + ": no such file");
        } catch (IOException e) {
            throw new UsageException(option + " " + path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Pattern pattern(String regex) {
        try {
            return Step.Expect.compile(regex);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--expect " + e.getMessage());
        }
    }
}
