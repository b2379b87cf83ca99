package dev.tcpswarm.monitor;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves: monotonic and wall time advance together. */
public final class ManualClock implements MonitorClock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong wallMillis;
    private final ZoneId zone;

    public ManualClock(LocalDateTime start, ZoneId zone) {
        this.zone = zone;
        this.wallMillis = new AtomicLong(start.atZone(zone).toInstant().toEpochMilli());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long epochMillis() {
        return wallMillis.get();
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    public void advance(long amount, TimeUnit unit) {
        long n = unit.toNanos(amount);
        nanos.addAndGet(n);
        wallMillis.addAndGet(TimeUnit.NANOSECONDS.toMillis(n));
    }
}
