package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeDialer;
import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The TCP probes of the config's services as a {@link Source}: the engine's {@link ProbeDialer} on
 * the monitor's event loops, timed by a {@link ProbeScheduler}. {@link #probeOnce} is
 * {@code --once}'s single round instead of the schedule. Before either, the probe path is warmed up
 * against a loopback listener of its own, as {@code run} rehearses before its clock: the first probe
 * of a cold JVM otherwise reads tens of milliseconds of class loading and compiling as latency.
 * Threads as {@link Source}'s; the probes run on the event loops, the warm-up's listener on a thread
 * of its own while it lasts.
 */
public final class TcpProbeSource implements Source {
    /** Warm-up probes per event loop. */
    static final int WARM_UP_ROUNDS = 20;
    /** The longest the warm-up may take. */
    static final long WARM_UP_MAX_MILLIS = 3000;

    private final EventLoopGroup group;
    private final ProbeDialer dialer;
    private final MonitorClock clock;
    private ProbeScheduler scheduler;
    private final java.util.concurrent.atomic.AtomicInteger warmUpProbes = new java.util.concurrent.atomic.AtomicInteger();

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
    public synchronized void start(MonitorConfig config, Consumer<SourceResult> results) {
        warmUp();
        scheduler = new ProbeScheduler(group, dialer, clock, results::accept);
        scheduler.update(config.services());
    }

    /** Probes every service once, at once; each result goes to {@code results}. */
    public void probeOnce(List<ServiceConfig> services, Consumer<ProbeResult> results) {
        warmUp();
        for (ServiceConfig s : services) {
            EventLoop loop = group.next();
            long planned = System.nanoTime();
            long wall = clock.epochMillis();
            dialer.probe(loop, s.probeRequest(), reading -> results.accept(ProbeResult.of(s.name(), planned, planned, wall,
                    reading)));
        }
    }

    /**
     * Probes a loopback listener of its own {@value #WARM_UP_ROUNDS} times on every event loop, by
     * address and by name, through the same dialer the services get; the results are dropped. Up to
     * {@value #WARM_UP_MAX_MILLIS} ms; a machine without loopback simply skips it.
     */
    void warmUp() {
        dialer.warmUp(group);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARM_UP_MAX_MILLIS);
        try (ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptAndClose(listener), "tcpswarm-warm-up");
            acceptor.setDaemon(true);
            acceptor.start();
            List<ProbeRequest> requests = List.of(
                    new ProbeRequest(listener.getInetAddress().getHostAddress(), listener.getLocalPort(), ProbeFamily.AUTO,
                            1000, 1),
                    new ProbeRequest("localhost", listener.getLocalPort(), ProbeFamily.IPV4, 1000, 1));
            for (int round = 0; round < WARM_UP_ROUNDS && System.nanoTime() < until; round++) {
                List<EventExecutor> loops = new ArrayList<>();
                group.forEach(loops::add);
                CountDownLatch done = new CountDownLatch(loops.size());
                for (EventExecutor loop : loops) {
                    dialer.probe((EventLoop) loop, requests.get(round % requests.size()), reading -> {
                        if (reading.outcome().isOpen()) {
                            warmUpProbes.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
                if (!done.await(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (IOException e) {
            // no loopback listener: the first probes are cold, nothing worse
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The warm-up probes that opened so far (each start and {@link #probeOnce} warms up first). */
    public int warmUpProbes() {
        return warmUpProbes.get();
    }

    private static void acceptAndClose(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoLinger(false, 0);
            } catch (IOException closed) {
                return;
            }
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
    public long settledEpochMillis() {
        ProbeScheduler s;
        synchronized (this) {
            s = scheduler;
        }
        return s == null ? clock.epochMillis() : s.settledEpochMillis();
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
