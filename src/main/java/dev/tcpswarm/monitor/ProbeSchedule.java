package dev.tcpswarm.monitor;

/**
 * When one service's probes are due: every {@code intervalNanos}, shifted by a phase that is stable
 * for the service's name (so 1,000 services spread over the interval instead of firing at once, and
 * the same service keeps its slot across restarts), plus a small jitter per probe (up to 1% of the
 * interval, at most 20 ms) so that services with colliding phases drift apart. A value: pure.
 *
 * @param originNanos time zero (monotonic), the monitor's start
 */
public record ProbeSchedule(long originNanos, long intervalNanos, long phaseNanos, long jitterMaxNanos, long seed) {
    private static final long MAX_JITTER_NANOS = 20_000_000L;

    /** The schedule of the service called {@code name}. */
    public static ProbeSchedule of(String name, long originNanos, long intervalNanos) {
        long seed = mix(name.hashCode() * 0x9E3779B97F4A7C15L + name.length());
        long phase = Math.floorMod(seed, intervalNanos);
        long jitter = Math.min(MAX_JITTER_NANOS, intervalNanos / 100);
        return new ProbeSchedule(originNanos, intervalNanos, phase, jitter, seed);
    }

    /** When probe {@code k} (0, 1, 2, ...) is planned. */
    public long plannedNanos(long k) {
        long jitter = jitterMaxNanos == 0 ? 0 : Math.floorMod(mix(seed + k), jitterMaxNanos);
        return originNanos + phaseNanos + k * intervalNanos + jitter;
    }

    /** The first probe planned at or after {@code nowNanos}. */
    public long firstIndexFrom(long nowNanos) {
        if (nowNanos <= originNanos + phaseNanos) {
            return 0;
        }
        return (nowNanos - originNanos - phaseNanos + intervalNanos - 1) / intervalNanos;
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
