package dev.tcpswarm.verdict;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.TrackerTotals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a threshold can measure. Sealed so that parsing, evaluating and the abort-on-fail bounds all
 * cover the same closed set: latency statistics (from the connect call, or from the planned start),
 * counts, and rates.
 */
public sealed interface Metric {

    /** The canonical name, as written in a threshold: {@code p(99.9)}, {@code errors_timeout}. */
    String canonicalName();

    Kind kind();

    /** The run's value in the kind's base unit, or NaN when undefined (a latency with no connection). */
    double measure(RunResult run);

    /** For a latency: what it is measured from. Null for the other kinds. */
    default LatencyBasis latencyBasis() {
        return null;
    }

    /**
     * True for a metric about the connections held rather than about connecting: how many were
     * established, how many the server closed, the most at once ({@code established},
     * {@code closed}, {@code max_concurrent}), and the traffic on them (messages, responses, bytes,
     * response latency). {@code ramp} judges these over every connection held,
     * the others (latencies, errors, rates, attempts, late starts) over the connections a level added.
     */
    default boolean aboutHeldConnections() {
        return false;
    }

    /** Where a latency is measured from; the name's prefix says which. */
    enum LatencyBasis {
        /** From the connect call: how long the connect took. */
        CONNECT(""),
        /**
         * From the planned start: the connect's latency plus how late it started, so that a client
         * that fell behind its schedule shows it (coordinated omission). Unpaced, the same as CONNECT.
         */
        PLANNED("planned_"),
        /** The TLS handshake's own latency, from its start just after the connect ({@code --tls}). */
        TLS("tls_"),
        /**
         * The answer to a message ({@code --expect}), from the message's planned send to the match:
         * a sender that fell behind its schedule shows it.
         */
        RESPONSE("response_");

        private final String prefix;

        LatencyBasis(String prefix) {
            this.prefix = prefix;
        }

        /** {@code ""} or {@code "planned_"}. */
        public String prefix() {
            return prefix;
        }

        /** The histogram of this latency, in microseconds. */
        public Histogram of(TrackerTotals totals) {
            return switch (this) {
                case CONNECT -> totals.connectLatency();
                case PLANNED -> totals.connectFromIntended();
                case TLS -> totals.tls().handshakeLatency();
                case RESPONSE -> totals.messages().responseLatency();
            };
        }
    }

    /**
     * The families of metrics: each has its base unit, the units a threshold may write, and the way
     * a measured value is shown.
     */
    enum Kind {
        /** A latency. Base unit microseconds; written with us, ms or s, milliseconds when bare. */
        LATENCY("us, ms or s (milliseconds when bare)"),
        /** How many connections or attempts. No unit. */
        COUNT("no unit"),
        /** A fraction 0..1. Written bare (0.01) or as a percentage (1%). */
        RATIO("% or a bare fraction 0..1"),
        /** Connections or attempts per second. Written bare or with /s. */
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

    /** A latency at percentile {@code percentile}, 0 < percentile <= 100: {@code p(99)}, {@code planned_p(99)}. */
    record Percentile(LatencyBasis basis, double percentile) implements Metric {
        public Percentile {
            if (basis == null) {
                throw new IllegalArgumentException("basis is null");
            }
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be above 0 and at most 100: " + percentile);
            }
        }

        /** Connect latency at {@code percentile}. */
        public Percentile(double percentile) {
            this(LatencyBasis.CONNECT, percentile);
        }

        @Override
        public String canonicalName() {
            return basis.prefix() + "p(" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString() + ")";
        }

        @Override
        public Kind kind() {
            return Kind.LATENCY;
        }

        @Override
        public LatencyBasis latencyBasis() {
            return basis;
        }

        @Override
        public double measure(RunResult run) {
            Histogram h = basis.of(run.totals());
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
        AVG("avg", LatencyBasis.CONNECT),
        MIN("min", LatencyBasis.CONNECT),
        MAX("max", LatencyBasis.CONNECT),
        /** The median, p(50). */
        MED("med", LatencyBasis.CONNECT),
        PLANNED_AVG("planned_avg", LatencyBasis.PLANNED),
        PLANNED_MIN("planned_min", LatencyBasis.PLANNED),
        PLANNED_MAX("planned_max", LatencyBasis.PLANNED),
        PLANNED_MED("planned_med", LatencyBasis.PLANNED),
        TLS_AVG("tls_avg", LatencyBasis.TLS),
        TLS_MIN("tls_min", LatencyBasis.TLS),
        TLS_MAX("tls_max", LatencyBasis.TLS),
        TLS_MED("tls_med", LatencyBasis.TLS),
        RESPONSE_AVG("response_avg", LatencyBasis.RESPONSE),
        RESPONSE_MIN("response_min", LatencyBasis.RESPONSE),
        RESPONSE_MAX("response_max", LatencyBasis.RESPONSE),
        RESPONSE_MED("response_med", LatencyBasis.RESPONSE),
        /** Connections whose TLS handshake failed (every TLS reason), after their TCP connect succeeded. */
        ERRORS_TLS("errors_tls", Kind.COUNT),
        /** Connections ever established, reconnects included (a connection closed later still counts). */
        ESTABLISHED("established", Kind.COUNT),
        ERRORS("errors", Kind.COUNT),
        /** Connections in the Closed state: the server closed them (and they were not reopened). */
        CLOSED("closed", Kind.COUNT),
        MAX_CONCURRENT("max_concurrent", Kind.COUNT),
        /** Connect attempts started, reopens included. */
        ATTEMPTS("attempts", Kind.COUNT),
        /** Paced starts later than planned by more than 1 ms. */
        LATE_STARTS("late_starts", Kind.COUNT),
        /** Failed attempts over resolved attempts, as {@link RunResult#errorRate()}. */
        ERROR_RATE("error_rate", Kind.RATIO),
        /** Late starts over paced starts; 0 when unpaced. */
        LATE_START_RATE("late_start_rate", Kind.RATIO),
        /** Connections established per second, over the span in which they were established. */
        CONNECT_RATE("connect_rate", Kind.PER_SECOND),
        /** Connect attempts started per second while dialing. */
        ATTEMPT_RATE("attempt_rate", Kind.PER_SECOND),
        /** Messages sent on the held connections ({@code --send}, {@code --message}), once in the kernel. */
        MESSAGES("messages", Kind.COUNT),
        /** Answers matched ({@code --expect}), the late ones included. */
        RESPONSES("responses", Kind.COUNT),
        /** Messages whose answer was not there within {@code --response-timeout}. */
        RESPONSE_TIMEOUTS("response_timeouts", Kind.COUNT),
        BYTES_SENT("bytes_sent", Kind.COUNT),
        BYTES_RECEIVED("bytes_received", Kind.COUNT);

        private final String metricName;
        private final Kind kind;
        private final LatencyBasis basis;

        Named(String metricName, Kind kind) {
            this.metricName = metricName;
            this.kind = kind;
            this.basis = null;
        }

        Named(String metricName, LatencyBasis basis) {
            this.metricName = metricName;
            this.kind = Kind.LATENCY;
            this.basis = basis;
        }

        @Override
        public String canonicalName() {
            return metricName;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public LatencyBasis latencyBasis() {
            return basis;
        }

        @Override
        public boolean aboutHeldConnections() {
            return this == ESTABLISHED || this == CLOSED || this == MAX_CONCURRENT || isTraffic();
        }

        /** A metric of the traffic on the held connections (messages, answers, bytes). */
        boolean isTraffic() {
            return basis == LatencyBasis.RESPONSE || this == MESSAGES || this == RESPONSES
                    || this == RESPONSE_TIMEOUTS || this == BYTES_SENT || this == BYTES_RECEIVED;
        }

        /** The errors of every TLS reason. */
        static long tlsErrors(TrackerTotals totals) {
            long n = 0;
            for (ErrorReason r : ErrorReason.values()) {
                if (r.isTls()) {
                    n += totals.errors(r);
                }
            }
            return n;
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
            TrackerTotals totals = run.totals();
            if (kind == Kind.LATENCY) {
                Histogram latency = basis.of(totals);
                if (latency.getTotalCount() == 0) {
                    return Double.NaN;
                }
                return switch (this) {
                    case AVG, PLANNED_AVG, TLS_AVG, RESPONSE_AVG -> latency.getMean();
                    case MIN, PLANNED_MIN, TLS_MIN, RESPONSE_MIN -> latency.getMinValue();
                    case MAX, PLANNED_MAX, TLS_MAX, RESPONSE_MAX -> latency.getMaxValue();
                    case MED, PLANNED_MED, TLS_MED, RESPONSE_MED -> latency.getValueAtPercentile(50);
                    default -> throw new AssertionError("not a latency: " + this);
                };
            }
            return switch (this) {
                case ESTABLISHED -> totals.everEstablished();
                case ERRORS -> totals.counts().error();
                case ERRORS_TLS -> tlsErrors(totals);
                case CLOSED -> totals.counts().closed();
                case MAX_CONCURRENT -> totals.maxConcurrent();
                case ATTEMPTS -> totals.attempts();
                case LATE_STARTS -> totals.lateStarts();
                case ERROR_RATE -> run.errorRate();
                case LATE_START_RATE -> totals.lateStartRate();
                case CONNECT_RATE -> totals.connectRatePerSecond();
                case ATTEMPT_RATE -> totals.attemptRatePerSecond();
                case MESSAGES -> totals.messages().sent();
                case RESPONSES -> totals.messages().responses();
                case RESPONSE_TIMEOUTS -> totals.messages().timeouts();
                case BYTES_SENT -> totals.messages().bytesSent();
                case BYTES_RECEIVED -> totals.messages().bytesReceived();
                default -> throw new AssertionError("a latency: " + this);
            };
        }
    }
}
