package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.util.concurrent.CompletableFuture;

/**
 * One place notifications go: one class per kind (log, stdout, webhook, command, and the providers
 * to come), each delivering one notice per call. Retries, order and superseding are the
 * {@link Deliveries}' job, not the channel's. {@link #deliver} is called on the deliveries' thread
 * (or the pipeline's, for a {@link #quick} one); it must not block, and its future may complete on
 * any thread.
 */
public interface Channel {
    /** The channel's settings (its name, timeout, retries, backoff). */
    ChannelConfig config();

    /** One try at delivering {@code notice}. */
    CompletableFuture<Attempt> deliver(Notice notice);

    /** True for a channel that delivers at once, without I/O to wait for (log, stdout). */
    default boolean quick() {
        return false;
    }

    /** Ends what is still under way (a command's processes): its tries complete as failed. */
    default void close() {
    }
}
