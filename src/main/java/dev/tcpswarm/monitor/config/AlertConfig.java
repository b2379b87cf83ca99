package dev.tcpswarm.monitor.config;

import java.util.List;
import java.util.Locale;

/**
 * One alert: a condition on a service or group, checked every {@code checkEveryNanos}, that fires
 * after {@code failureThreshold} checks in a row find it true and resolves after
 * {@code successThreshold} in a row find it false.
 *
 * @param reminderNanos while firing, send again this often; 0 for never
 * @param channels channel names, in order
 */
public record AlertConfig(String name, String target, Condition condition, int failureThreshold, int successThreshold,
        boolean sendResolved, long reminderNanos, long checkEveryNanos, List<String> channels) {

    /** What the alert watches. */
    public sealed interface Condition permits StateCondition, WindowCondition, TrafficCondition {
        /** For messages: {@code down}, {@code avg above 200ms over 2m}. */
        String describe();
    }

    /** The target's state: DOWN, DEGRADED or worse, or anything but UP. */
    public enum When {
        DOWN, DEGRADED, NOT_UP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True while the target is in one of the states {@code when} names. */
    public record StateCondition(When when) implements Condition {
        @Override
        public String describe() {
            return when.key();
        }
    }

    /** A statistic of the target's probes over the last {@code overNanos}. */
    public enum Stat {
        AVG(false, -1), P50(false, 50), P90(false, 90), P95(false, 95), P99(false, 99), MAX(false, 100),
        SUCCESS_RATIO(true, -1), FAILURE_RATIO(true, -1);

        private final boolean ratio;
        private final double percentile;

        Stat(boolean ratio, double percentile) {
            this.ratio = ratio;
            this.percentile = percentile;
        }

        /** A ratio (0-1) rather than a latency. */
        public boolean isRatio() {
            return ratio;
        }

        /** The percentile for p50..p99 and max (100), -1 for the others. */
        public double percentile() {
            return percentile;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * True while {@code stat} over the window is above (or below) {@code limit}: nanoseconds for
     * latencies, 0-1 for ratios.
     */
    public record WindowCondition(Stat stat, long overNanos, boolean above, double limit) implements Condition {
        @Override
        public String describe() {
            return stat.key() + (above ? " above " : " below ") + limit;
        }
    }

    /** What an alert on an access log measures over the log's window. */
    public enum Measure {
        REQUESTS_PER_SECOND, STATUS_5XX_RATIO, SECTION_RATE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * True while an access log's {@code measure} over its window is above (or below) {@code limit}:
     * requests per second, or the 5xx share (0-1) once the window holds {@code minHits} requests.
     *
     * @param section for {@link Measure#SECTION_RATE}, the section ({@code /api}); null otherwise
     */
    public record TrafficCondition(Measure measure, String section, boolean above, double limit, long minHits)
            implements Condition {
        @Override
        public String describe() {
            return measure.key() + (section == null ? "" : " " + section) + (above ? " above " : " below ") + limit;
        }
    }
}
