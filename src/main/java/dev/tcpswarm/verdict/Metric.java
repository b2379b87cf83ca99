package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a threshold can measure. Sealed so that parsing, evaluating and the abort-on-fail bounds all
 * cover the same closed set: connect-latency statistics, counts, and the two rates.
 */
public sealed interface Metric {

    /** The canonical name, as written in a threshold: {@code p(99.9)}, {@code errors_timeout}. */
    String canonicalName();

    Kind kind();

    /** The run's value in the kind's base unit, or NaN when undefined (a latency with no connection). */
    double measure(RunResult run);

    /**
     * The families of metrics: each has its base unit, the units a threshold may write, and the way
     * a measured value is shown.
     */
    enum Kind {
        /** Connect latency. Base unit microseconds; written with us, ms or s, milliseconds when bare. */
        LATENCY("us, ms or s (milliseconds when bare)"),
        /** How many connections or attempts. No unit. */
        COUNT("no unit"),
        /** A fraction 0..1. Written bare (0.01) or as a percentage (1%). */
        RATIO("% or a bare fraction 0..1"),
        /** Connections per second. Written bare or with /s. */
        PER_SECOND("/s or no unit");

        private final String allowedUnits;

        Kind(String allowedUnits) {
            this.allowedUnits = allowedUnits;
        }

        /** The units a threshold may write for this kind, as the error messages say it. */
        String allowedUnits() {
            return allowedUnits;
        }

        /** {@code number unit} in the base unit, or null when the unit does not fit this kind. */
        BigDecimal toBaseUnit(BigDecimal number, String unit) {
            return switch (this) {
                case LATENCY -> switch (unit) {
                    case "us" -> number;
                    case "", "ms" -> number.scaleByPowerOfTen(3);
                    case "s" -> number.scaleByPowerOfTen(6);
                    default -> null;
                };
                case COUNT -> unit.isEmpty() ? number : null;
                case RATIO -> switch (unit) {
                    case "" -> number;
                    case "%" -> number.scaleByPowerOfTen(-2);
                    default -> null;
                };
                case PER_SECOND -> unit.isEmpty() || unit.equals("/s") ? number : null;
            };
        }

        /** A measured value (base unit) as a person reads it: {@code 12.345ms}, {@code 0.10%}, {@code 31234.5/s}. */
        String format(double value) {
            if (Double.isNaN(value)) {
                return "n/a";
            }
            return switch (this) {
                case LATENCY -> String.format(Locale.ROOT, "%.3fms", value / 1000);
                case COUNT -> Long.toString(Math.round(value));
                case RATIO -> formatPercent(value * 100);
                case PER_SECOND -> String.format(Locale.ROOT, "%.1f/s", value);
            };
        }

        /** Two decimals, or as many as it takes to show two significant digits of a small non-zero rate. */
        private static String formatPercent(double percent) {
            BigDecimal p = new BigDecimal(percent);
            int decimals = 2;
            if (p.signum() != 0 && p.abs().compareTo(BigDecimal.ONE) < 0) {
                BigDecimal twoDigits = p.round(new MathContext(2, RoundingMode.HALF_UP));
                decimals = Math.max(2, twoDigits.scale());
            }
            return p.setScale(decimals, RoundingMode.HALF_UP).toPlainString() + "%";
        }
    }

    /** Connect latency at percentile {@code percentile}, 0 < percentile <= 100. */
    record Percentile(double percentile) implements Metric {
        public Percentile {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be above 0 and at most 100: " + percentile);
            }
        }

        @Override
        public String canonicalName() {
            return "p(" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString() + ")";
        }

        @Override
        public Kind kind() {
            return Kind.LATENCY;
        }

        @Override
        public double measure(RunResult run) {
            Histogram h = run.totals().connectLatency();
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile);
        }
    }

    /** The connection errors of one reason: {@code errors_<key>}. */
    record ReasonErrors(ErrorReason reason) implements Metric {
        public ReasonErrors {
            if (reason == null) {
                throw new IllegalArgumentException("reason is null");
            }
        }

        @Override
        public String canonicalName() {
            return "errors_" + reason.key();
        }

        @Override
        public Kind kind() {
            return Kind.COUNT;
        }

        @Override
        public double measure(RunResult run) {
            return run.totals().errors(reason);
        }
    }

    /** The metrics that take no argument. */
    enum Named implements Metric {
        AVG("avg", Kind.LATENCY),
        MIN("min", Kind.LATENCY),
        MAX("max", Kind.LATENCY),
        /** The median, p(50). */
        MED("med", Kind.LATENCY),
        /** Connections ever established, reconnects included (a connection closed later still counts). */
        ESTABLISHED("established", Kind.COUNT),
        ERRORS("errors", Kind.COUNT),
        /** Connections in the Closed state: the server closed them (and they were not reopened). */
        CLOSED("closed", Kind.COUNT),
        MAX_CONCURRENT("max_concurrent", Kind.COUNT),
        /** Connect attempts started, reopens included. */
        ATTEMPTS("attempts", Kind.COUNT),
        /** Failed attempts over resolved attempts, as {@link RunResult#errorRate()}. */
        ERROR_RATE("error_rate", Kind.RATIO),
        /** Connections established per second over the dialing span. */
        CONNECT_RATE("connect_rate", Kind.PER_SECOND);

        private final String metricName;
        private final Kind kind;

        Named(String metricName, Kind kind) {
            this.metricName = metricName;
            this.kind = kind;
        }

        @Override
        public String canonicalName() {
            return metricName;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        /** The metric with this canonical name, or null. */
        static Named byName(String name) {
            for (Named m : values()) {
                if (m.metricName.equals(name)) {
                    return m;
                }
            }
            return null;
        }

        @Override
        public double measure(RunResult run) {
            var totals = run.totals();
            Histogram latency = totals.connectLatency();
            if (kind == Kind.LATENCY && latency.getTotalCount() == 0) {
                return Double.NaN;
            }
            return switch (this) {
                case AVG -> latency.getMean();
                case MIN -> latency.getMinValue();
                case MAX -> latency.getMaxValue();
                case MED -> latency.getValueAtPercentile(50);
                case ESTABLISHED -> totals.everEstablished();
                case ERRORS -> totals.counts().error();
                case CLOSED -> totals.counts().closed();
                case MAX_CONCURRENT -> totals.maxConcurrent();
                case ATTEMPTS -> totals.attempts();
                case ERROR_RATE -> run.errorRate();
                case CONNECT_RATE -> totals.connectRatePerSecond();
            };
        }
    }
}
