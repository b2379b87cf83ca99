package dev.tcpswarm.monitor;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.alert.AlertState;
import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.notify.Channel;
import dev.tcpswarm.notify.ChannelContext;
import dev.tcpswarm.notify.Channels;
import dev.tcpswarm.notify.Deliveries;
import dev.tcpswarm.notify.DeliveryReport;
import dev.tcpswarm.notify.Notice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sink that turns alert events into notices for their channels and hands them to the
 * {@link Deliveries}; it only consumes. How each ended goes to the {@code outcomes} it is given (the
 * runtime queues them for the pipeline). A held-back firing sends nothing. The channels are made
 * from the config at the start and again at a reload (an unchanged one is kept, so its commands
 * under way stay tracked). Pipeline thread; {@link #close} from the command's.
 */
public final class Notifier implements MonitorListener, AutoCloseable {
    private final MonitorClock clock;
    private final ChannelContext context;
    private final Deliveries deliveries;
    private final Consumer<NotificationOutcome> outcomes;
    private final List<Channel> opened = new ArrayList<>();
    private Map<String, Channel> channels = Map.of();
    private volatile String link = "";

    /**
     * @param outcomes receives each notice's outcome, from any thread
     */
    public Notifier(MonitorClock clock, ChannelContext context, Deliveries deliveries,
            Consumer<NotificationOutcome> outcomes) {
        this.clock = clock;
        this.context = context;
        this.deliveries = deliveries;
        this.outcomes = outcomes;
    }

    /** Every notice from now on links to {@code url}, the status page (set before the monitor starts). */
    public void link(String url) {
        this.link = url == null ? "" : url;
    }

    @Override
    public void started(MonitorConfig config) {
        open(config);
    }

    @Override
    public void reloaded(MonitorConfig config, ConfigChanges changes) {
        open(config);
    }

    private synchronized void open(MonitorConfig config) {
        Map<String, Channel> next = new LinkedHashMap<>();
        for (ChannelConfig c : config.channels().values()) {
            Channel running = channels.get(c.name());
            if (running != null && running.config().equals(c)) {
                next.put(c.name(), running);
            } else {
                Channel made = Channels.open(c, context);
                opened.add(made);
                next.put(c.name(), made);
            }
        }
        channels = next;
    }

    @Override
    public void alert(AlertEvent event) {
        if (event.event() == AlertState.Event.SUPPRESSED) {
            return; // held back: nothing is sent
        }
        Notice notice = notice(event);
        for (String name : event.channels()) {
            Channel channel = channels.get(name);
            if (channel == null) {
                continue; // removed by a reload
            }
            deliveries.submit(channel, notice, report -> outcomes.accept(outcome(event, channel.config(), report)));
        }
    }

    private Notice notice(AlertEvent e) {
        return new Notice(e.alert(), e.event().name(), e.target(), e.targetState().name(), e.message(), e.labels(),
                e.epochMillis(), e.firingSinceEpochMillis(), Timestamps.local(e.epochMillis(), clock.zone()), e.group(),
                e.value(), link);
    }

    private NotificationOutcome outcome(AlertEvent event, ChannelConfig channel, DeliveryReport report) {
        return new NotificationOutcome(event, channel.name(), channel.type(), report.outcome(), report.attempts(),
                report.error(), clock.epochMillis());
    }

    /** Notices not settled yet. */
    public int inFlight() {
        return deliveries.unsettled();
    }

    /**
     * Waits up to {@code millis} for deliveries under way, then ends the commands still running (each
     * with its process group) and reports every notice left as failed.
     */
    public void close(long millis) {
        List<Channel> all;
        synchronized (this) {
            all = List.copyOf(opened);
        }
        deliveries.close(millis, () -> all.forEach(Channel::close));
    }

    @Override
    public void close() {
        close(2000);
    }
}
