package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A provider channel (webhook, alertmanager, email, chat, paging) as a {@link Channel}: it opens the
 * configured {@link ChannelSpec} and hands it each notice as an {@link AlertNotice}; the
 * {@link Deliveries} retry and keep the order. The providers' own timers (Alertmanager's re-sends)
 * and blocking work (mail) run on two daemon threads shared by every provider channel.
 */
final class ProviderChannel implements Channel {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tcpswarm-channel-timer");
        t.setDaemon(true);
        return t;
    });
    private static final ExecutorService BLOCKING = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tcpswarm-mail");
        t.setDaemon(true);
        return t;
    });

    private final ChannelConfig config;
    private final NoticeChannel channel;

    ProviderChannel(ChannelConfig config, ChannelContext context) {
        this.config = config;
        this.channel = config.spec().open(new ProviderContext(context.http(), TIMERS, BLOCKING, config.timeoutMillis()));
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Attempt> deliver(Notice notice) {
        return channel.deliver(of(notice)).thenApply(this::redacted).thenApply(Attempt::of);
    }

    /** The result with every secret of the channel's settings taken out of its error text. */
    private DeliveryResult redacted(DeliveryResult r) {
        String error = Secret.redact(r.error(), config.secrets());
        return error.equals(r.error()) ? r : new DeliveryResult(error, r.retryAfterMillis(), r.permanent());
    }

    /** The provider's view of a notice. */
    static AlertNotice of(Notice n) {
        AlertNotice.Kind kind = switch (n.event()) {
            case "RESOLVED" -> AlertNotice.Kind.RESOLVED;
            case "REMINDER" -> AlertNotice.Kind.REMINDER;
            case "TEST" -> AlertNotice.Kind.TEST;
            default -> AlertNotice.Kind.FIRING;
        };
        return new AlertNotice(kind, n.alert(), n.target(), n.group(), n.state().toLowerCase(Locale.ROOT), n.message(),
                n.labels(), n.firingSinceEpochMillis(), n.epochMillis(), n.value(), n.link());
    }

    @Override
    public void close() {
        channel.close();
    }
}
