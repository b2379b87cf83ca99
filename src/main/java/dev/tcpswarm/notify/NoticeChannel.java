package dev.tcpswarm.notify;

import java.util.concurrent.CompletableFuture;

/**
 * One open channel of a provider: it delivers one notice per call, once (the caller retries). The
 * notifier calls it from its own thread; the future completes on the HTTP client's or the mail
 * sender's thread, never on the probe path.
 */
public interface NoticeChannel extends AutoCloseable {
    /** One try at delivering {@code notice}. */
    CompletableFuture<DeliveryResult> deliver(AlertNotice notice);

    /** Stops what the channel runs of its own (a re-send timer); deliveries under way may finish. */
    @Override
    default void close() {
    }
}
