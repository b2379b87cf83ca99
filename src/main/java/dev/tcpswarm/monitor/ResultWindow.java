package dev.tcpswarm.monitor;

import java.util.Arrays;
import java.util.List;

/**
 * A service's recent probes, oldest first: when each started and its connect time (-1 when it
 * failed), kept for {@code retentionNanos}. Primitive arrays that grow as needed, so a thousand
 * services with a five-minute window stay small. Touched by the pipeline thread only.
 */
public final class ResultWindow {
    private final long retentionNanos;
    private long[] times = new long[16];
    private long[] latencies = new long[16];
    private int head;
    private int size;
    private long firstEverNanos;
    private boolean empty = true;

    public ResultWindow(long retentionNanos) {
        this.retentionNanos = retentionNanos;
    }

    public long retentionNanos() {
        return retentionNanos;
    }

    /** Adds a probe that started at {@code atNanos}; drops those older than the retention. */
    public void add(long atNanos, long latencyNanos) {
        if (empty) {
            firstEverNanos = atNanos;
            empty = false;
        }
        if (size == times.length) {
            grow();
        }
        int tail = (head + size) % times.length;
        times[tail] = atNanos;
        latencies[tail] = latencyNanos;
        size++;
        while (size > 0 && times[head] < atNanos - retentionNanos) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    private void grow() {
        long[] t = new long[times.length * 2];
        long[] l = new long[times.length * 2];
        for (int i = 0; i < size; i++) {
            t[i] = times[(head + i) % times.length];
            l[i] = latencies[(head + i) % times.length];
        }
        times = t;
        latencies = l;
        head = 0;
    }

    /** The probes that started at or after {@code sinceNanos}. */
    public Stats since(long sinceNanos) {
        int count = 0;
        int ok = 0;
        long first = 0;
        long last = 0;
        long[] open = new long[size];
        for (int i = 0; i < size; i++) {
            int k = (head + i) % times.length;
            if (times[k] >= sinceNanos) {
                if (count == 0) {
                    first = times[k];
                }
                last = times[k];
                count++;
                if (latencies[k] >= 0) {
                    open[ok++] = latencies[k];
                }
            }
        }
        long[] sorted = Arrays.copyOf(open, ok);
        Arrays.sort(sorted);
        return new Stats(count, sorted, last - first, !empty && firstEverNanos < sinceNanos);
    }

    /**
     * Figures over some probes.
     *
     * @param count probes
     * @param openLatencies connect times of the open ones, ascending
     * @param spanNanos from the first of them to the last
     * @param covered probing began before the window did: its figures are over all of it (false
     *     after a fresh start, while the window still fills)
     */
    public record Stats(int count, long[] openLatencies, long spanNanos, boolean covered) {
        /** No probes. */
        public static final Stats NONE = new Stats(0, new long[0], 0, false);

        /** Several windows as one (a group's members'): their counts added, their connect times merged. */
        public static Stats merge(List<Stats> parts) {
            int count = 0;
            int total = 0;
            long span = 0;
            boolean covered = !parts.isEmpty();
            for (Stats p : parts) {
                count += p.count();
                total += p.open();
                span = Math.max(span, p.spanNanos());
                covered &= p.covered();
            }
            long[] all = new long[total];
            int i = 0;
            for (Stats p : parts) {
                System.arraycopy(p.openLatencies(), 0, all, i, p.open());
                i += p.open();
            }
            Arrays.sort(all);
            return new Stats(count, all, span, covered);
        }

        public int open() {
            return openLatencies.length;
        }

        /** Open over all; 1 when there are none. */
        public double successRatio() {
            return count == 0 ? 1.0 : (double) openLatencies.length / count;
        }

        /** The nearest-rank percentile of the open ones' connect times; -1 when none. */
        public long percentile(double p) {
            if (openLatencies.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p / 100.0 * openLatencies.length);
            return openLatencies[Math.min(openLatencies.length, Math.max(1, rank)) - 1];
        }

        /** The mean connect time of the open ones; -1 when none. */
        public long average() {
            if (openLatencies.length == 0) {
                return -1;
            }
            double sum = 0;
            for (long l : openLatencies) {
                sum += l;
            }
            return Math.round(sum / openLatencies.length);
        }

        /**
         * What the figures are over, for a reason or a message: {@code over 5m} when probing covered
         * the window; else what it held, {@code over 1 probe} or {@code over 4 probes in 6s}.
         */
        public String over(long windowNanos) {
            return Figures.over(windowNanos, count, spanNanos, covered);
        }
    }
}
