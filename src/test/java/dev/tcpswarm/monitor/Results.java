package dev.tcpswarm.monitor;

import dev.tcpswarm.engine.ProbeOutcome;
import java.util.concurrent.TimeUnit;

/** Probe results for tests, at the manual clock's current time. */
final class Results {
    private Results() {
    }

    static ProbeResult open(String service, MonitorClock clock, long connectMillis) {
        return new ProbeResult(service, clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), ProbeOutcome.OPEN,
                TimeUnit.MILLISECONDS.toNanos(connectMillis), -1, "127.0.0.1:1", 1, "");
    }

    static ProbeResult failed(String service, MonitorClock clock, ProbeOutcome outcome) {
        return new ProbeResult(service, clock.nanoTime(), clock.nanoTime(), clock.epochMillis(), outcome, -1, -1,
                "127.0.0.1:1", 1, outcome.description());
    }
}
