package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.function.Consumer;

/**
 * The TCP probes of the config's services as a {@link Source}: the engine's {@link ProbeDialer} on
 * the monitor's event loops, timed by a {@link ProbeScheduler}. {@link #probeOnce} is
 * {@code --once}'s single round instead of the schedule. Threads as {@link Source}'s; the probes run
 * on the event loops.
 */
public final class TcpProbeSource implements Source {
    private final EventLoopGroup group;
    private final ProbeDialer dialer;
    private final MonitorClock clock;
    private ProbeScheduler scheduler;

    public TcpProbeSource(EventLoopGroup group, ProbeDialer dialer, MonitorClock clock) {
        this.group = group;
        this.dialer = dialer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "tcp probes";
    }

    @Override
    public synchronized void start(MonitorConfig config, Consumer<ProbeResult> results) {
        dialer.warmUp(group);
        scheduler = new ProbeScheduler(group, dialer, clock, results);
        scheduler.update(config.services());
    }

    /** Probes every service once, at once; each result goes to {@code results}. */
    public void probeOnce(List<ServiceConfig> services, Consumer<ProbeResult> results) {
        for (ServiceConfig s : services) {
            EventLoop loop = group.next();
            long planned = System.nanoTime();
            long wall = clock.epochMillis();
            dialer.probe(loop, s.probeRequest(), reading -> results.accept(ProbeResult.of(s.name(), planned, planned, wall,
                    reading)));
        }
    }

    @Override
    public synchronized void reload(MonitorConfig config) {
        if (scheduler != null) {
            scheduler.update(config.services());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Override
    public boolean awaitIdle(long millis) throws InterruptedException {
        ProbeScheduler s;
        synchronized (this) {
            s = scheduler;
        }
        return s == null || s.awaitIdle(millis);
    }
}
