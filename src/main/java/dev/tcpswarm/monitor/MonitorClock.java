package dev.tcpswarm.monitor;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The monitor's time: a monotonic clock for intervals and windows, a wall clock for timestamps, and
 * the zone whose midnight rotates the daily files. Tests drive a manual one, so that minutes of
 * monitoring take no time. Implementations are thread-safe.
 */
public interface MonitorClock {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch. */
    long epochMillis();

    /** The zone for timestamps and midnight. */
    ZoneId zone();

    default Instant now() {
        return Instant.ofEpochMilli(epochMillis());
    }

    /** The machine's clocks, in its default zone. */
    MonitorClock SYSTEM = new MonitorClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public ZoneId zone() {
            return ZoneId.systemDefault();
        }
    };
}
