package dev.tcpswarm.store;

import org.HdrHistogram.IntCountsHistogram;

/**
 * One service's probes in one minute (or the part of it a range covers): how many, how many failed,
 * and the percentiles of the open probes' connect times and, apart from them, of their TLS handshake
 * times and of their conversations' response times, each from an HdrHistogram of microseconds (decoded from the store only when asked for, to
 * merge minutes into longer periods). Immutable once made; any thread.
 */
public final class MinuteStats {
    private final long minuteEpochMillis;
    private final long probes;
    private final long failures;
    private final Latency connect;
    private final Latency tls;
    private final Latency response;

    private MinuteStats(long minuteEpochMillis, long probes, long failures, Latency connect, Latency tls,
            Latency response) {
        this.minuteEpochMillis = minuteEpochMillis;
        this.probes = probes;
        this.failures = failures;
        this.connect = connect;
        this.tls = tls;
        this.response = response;
    }

    /** Counted just now from probes. */
    static MinuteStats of(long minute, long probes, long failures, IntCountsHistogram connect, IntCountsHistogram tls,
            IntCountsHistogram response) {
        return new MinuteStats(minute, probes, failures, Latency.of(connect), Latency.of(tls), Latency.of(response));
    }

    /** A stored rollup; its histograms are decoded on first use. */
    static MinuteStats stored(long minute, long probes, long failures, Latency connect, Latency tls,
            Latency response) {
        return new MinuteStats(minute, probes, failures, connect, tls, response);
    }

    /** The minute's start, epoch milliseconds. */
    public long minuteEpochMillis() {
        return minuteEpochMillis;
    }

    public long probes() {
        return probes;
    }

    public long failures() {
        return failures;
    }

    /** The open probes' connect times. */
    public Latency connect() {
        return connect;
    }

    /** The open probes' TLS handshake times, apart from the connect; empty for a service without TLS. */
    public Latency tls() {
        return tls;
    }

    /**
     * The answered conversations' response times (how long the server took to answer); empty for a
     * service without {@code steps} or {@code check}, and for a minute rolled up before store v6.
     */
    public Latency response() {
        return response;
    }

    /** Connect-time percentiles of the open probes in microseconds; -1 when none opened. */
    public long p50Micros() {
        return connect.p50Micros();
    }

    public long p95Micros() {
        return connect.p95Micros();
    }

    public long p99Micros() {
        return connect.p99Micros();
    }

    /** The open probes' connect times (microseconds); do not change it. */
    public IntCountsHistogram histogram() {
        return connect.histogram();
    }

    /**
     * One latency of a minute's probes: its percentiles (microseconds, -1 when no probe has it) and
     * the HdrHistogram they come from, decoded from the store on first use.
     */
    public static final class Latency {
        private final long p50Micros;
        private final long p95Micros;
        private final long p99Micros;
        private final byte[] encoded;
        private IntCountsHistogram histogram;

        private Latency(long p50Micros, long p95Micros, long p99Micros, byte[] encoded, IntCountsHistogram histogram) {
            this.p50Micros = p50Micros;
            this.p95Micros = p95Micros;
            this.p99Micros = p99Micros;
            this.encoded = encoded;
            this.histogram = histogram;
        }

        static Latency of(IntCountsHistogram histogram) {
            boolean any = histogram.getTotalCount() > 0;
            return new Latency(any ? histogram.getValueAtPercentile(50) : -1,
                    any ? histogram.getValueAtPercentile(95) : -1, any ? histogram.getValueAtPercentile(99) : -1, null,
                    histogram);
        }

        /** As a rollup stored it; {@code encoded} null when it holds none (a store before v4, for TLS; v6, for responses). */
        static Latency stored(long p50, long p95, long p99, byte[] encoded) {
            return new Latency(p50, p95, p99, encoded, null);
        }

        public long p50Micros() {
            return p50Micros;
        }

        public long p95Micros() {
            return p95Micros;
        }

        public long p99Micros() {
            return p99Micros;
        }

        /** The times in microseconds; do not change it. */
        public synchronized IntCountsHistogram histogram() {
            if (histogram == null) {
                histogram = encoded == null ? dev.tcpswarm.monitor.PeriodStats.newConnectMicros() : Rollups.decode(encoded);
            }
            return histogram;
        }
    }
}
