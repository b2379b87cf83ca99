package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeOutcome;
import java.util.concurrent.TimeUnit;

/** Probe results for tests (the monitor's, the store's, the status page's), at the manual clock's current time. */
public final class Results {
    private Results() {
    }

    public static ProbeResult open(String service, MonitorClock clock, long connectMillis) {
        return openMicros(service, clock, TimeUnit.MILLISECONDS.toMicros(connectMillis));
    }

    public static ProbeResult openMicros(String service, MonitorClock clock, long connectMicros) {
        return new ProbeResult(service, clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), ProbeOutcome.OPEN,
                TimeUnit.MICROSECONDS.toNanos(connectMicros), -1, "127.0.0.1:1", 1, "");
    }

    public static ProbeResult failed(String service, MonitorClock clock, ProbeOutcome outcome) {
        return new ProbeResult(service, clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), outcome, -1, -1,
                "127.0.0.1:1", 1, outcome.description());
    }
}
