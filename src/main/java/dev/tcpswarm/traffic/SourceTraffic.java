package dev.tcpswarm.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One source's requests on event time, the lines' own timestamps. A second is final once a line
 * {@code lateness} seconds newer has come (or, live, once the source's clock passed it: see
 * {@link #advance}); a line for a final second is late, counted as such and nowhere else. Final
 * seconds enter the sliding window, where every rule is judged, second by second, so an alert's
 * time is the second at which the window's average crossed; and they close the intervals of the
 * summary ({@code [k*interval, (k+1)*interval)}, Unix-aligned). A long gap between lines costs a
 * window's worth of seconds, not one step per second of the gap. Pure: driven by the lines and an
 * injected wall time; touched by the reading thread only.
 */
public final class SourceTraffic {
    private static final long NONE = Long.MIN_VALUE;

    private final String name;
    private final int interval;
    private final int window;
    private final int lateness;
    private final List<TrafficRule> rules;
    private final boolean[] firing;
    private final TrafficListener listener;

    /** Counts of the seconds not final yet, by second modulo their length. */
    private final long[] pendingHits;
    private final long[] pendingErrors;
    private final long[][] pendingSection;
    /** Counts of the window's final seconds, by second modulo the window. */
    private final long[] windowHits;
    private final long[] windowErrors;
    private final long[][] windowSection;
    private long sumHits;
    private long sumErrors;
    private final long[] sumSection;

    private final TreeMap<Long, IntervalStats> open = new TreeMap<>();
    private final IntervalStats total;
    private long firstSecond = NONE;
    private long maxSecond = NONE;
    private long wallAtMax;
    private long finalSecond = NONE;
    private long lastDataSecond = NONE;
    private long malformedSinceReport;
    private long lateSinceReport;
    private String firstMalformed;

    /**
     * @param interval seconds per summary
     * @param window seconds the rules look back
     * @param lateness seconds a line may come after a newer one and still count where it belongs
     */
    public SourceTraffic(String name, int interval, int window, int lateness, List<TrafficRule> rules,
            TrafficListener listener) {
        if (interval < 1 || window < 1 || lateness < 0) {
            throw new IllegalArgumentException("interval and window must be at least 1 s, lateness at least 0");
        }
        this.name = name;
        this.interval = interval;
        this.window = window;
        this.lateness = lateness;
        this.rules = List.copyOf(rules);
        this.firing = new boolean[rules.size()];
        this.listener = listener;
        int pending = lateness + 2;
        pendingHits = new long[pending];
        pendingErrors = new long[pending];
        pendingSection = new long[rules.size()][pending];
        windowHits = new long[window];
        windowErrors = new long[window];
        windowSection = new long[rules.size()][window];
        sumSection = new long[rules.size()];
        total = new IntervalStats(name, 0, 0, false);
    }

    public String name() {
        return name;
    }

    /** A request read from the source at wall time {@code wallNanos}. */
    public void accept(Request r, long wallNanos) {
        listener.request(name, r);
        long s = r.epochSecond();
        if (maxSecond == NONE) {
            firstSecond = s;
            maxSecond = s;
            wallAtMax = wallNanos;
            finalSecond = s - lateness - 1; // lines up to the lateness older than the first still count
            total.add(r);
        } else {
            if (s <= finalSecond) {
                lateSinceReport++;
                total.late++;
                return;
            }
            total.add(r);
            firstSecond = Math.min(firstSecond, s);
            if (s > maxSecond) {
                maxSecond = s;
                wallAtMax = wallNanos;
                finalizeThrough(s - lateness - 1);
            }
        }
        int slot = (int) Math.floorMod(s, (long) pendingHits.length);
        pendingHits[slot]++;
        boolean error = r.status() >= 500 && r.status() <= 599;
        if (error) {
            pendingErrors[slot]++;
        }
        for (int i = 0; i < rules.size(); i++) {
            TrafficRule rule = rules.get(i);
            if (rule.kind() == TrafficRule.Kind.SECTION_TRAFFIC && rule.section().equals(r.section())) {
                pendingSection[i][slot]++;
            }
        }
        intervalOf(s).add(r);
        lastDataSecond = Math.max(lastDataSecond, s);
    }

    /** A line that is not a request of the source's format; reported with the next summary. */
    public void malformed(String where) {
        listener.malformed(name);
        malformedSinceReport++;
        total.malformed++;
        if (firstMalformed == null) {
            firstMalformed = where;
        }
    }

    /**
     * Live time: the source's clock is its newest line's second plus the wall time since that line
     * came, so an idle log still moves on (summaries of 0 hits, a recovery); seconds older than the
     * clock less the lateness are final.
     */
    public void advance(long wallNanos) {
        if (maxSecond == NONE) {
            return;
        }
        long clock = maxSecond + Math.max(0, (wallNanos - wallAtMax) / 1_000_000_000L);
        finalizeThrough(clock - lateness - 1);
    }

    /**
     * The end of the input (or of the run): every second up to the newest line is final, and the
     * interval it is in closes as far as it went.
     */
    public void finish() {
        if (maxSecond == NONE) {
            return;
        }
        finalizeThrough(maxSecond);
        long last = Math.max(maxSecond, finalSecond);
        for (IntervalStats s : open.values()) {
            s.endAt(Math.min(s.end(), last + 1));
            listener.intervalClosed(s);
        }
        open.clear();
    }

    private void finalizeThrough(long target) {
        while (finalSecond < target) {
            boolean drained = finalSecond >= lastDataSecond + window;
            long next = finalSecond + 1;
            if (drained && Math.floorMod(next, (long) interval) == 0 && target - finalSecond > interval) {
                // Past a window after the last line every second is the same empty window: the rest
                // of a long gap is one empty span, not a step per second.
                long gapEnd = Math.floorDiv(target + 1, interval) * (long) interval;
                listener.intervalClosed(new IntervalStats(name, next, gapEnd, true));
                finalSecond = gapEnd - 1;
                listener.windowRate(name, finalSecond, 0);
                continue;
            }
            finalizeSecond(next);
        }
    }

    private void finalizeSecond(long s) {
        int p = (int) Math.floorMod(s, (long) pendingHits.length);
        int w = (int) Math.floorMod(s, (long) window);
        sumHits += pendingHits[p] - windowHits[w];
        sumErrors += pendingErrors[p] - windowErrors[w];
        windowHits[w] = pendingHits[p];
        windowErrors[w] = pendingErrors[p];
        pendingHits[p] = 0;
        pendingErrors[p] = 0;
        for (int i = 0; i < rules.size(); i++) {
            sumSection[i] += pendingSection[i][p] - windowSection[i][w];
            windowSection[i][w] = pendingSection[i][p];
            pendingSection[i][p] = 0;
        }
        finalSecond = s;
        judge(s);
        if (Math.floorMod(s + 1, (long) interval) == 0) {
            closeThrough(s);
        }
    }

    private void judge(long s) {
        listener.windowRate(name, s, sumHits / (double) window);
        boolean full = s - firstSecond + 1 >= window;
        for (int i = 0; i < rules.size(); i++) {
            TrafficRule rule = rules.get(i);
            boolean bad = rule.bad(sumHits, sumErrors, sumSection[i], window, full);
            if (bad != firing[i]) {
                firing[i] = bad;
                String text = rule.message(bad, sumHits, sumErrors, sumSection[i], Instant.ofEpochSecond(s).toString());
                double value = switch (rule.kind()) {
                    case SERVER_ERRORS -> sumHits == 0 ? 0 : sumErrors / (double) sumHits;
                    case SECTION_TRAFFIC -> sumSection[i] / (double) window;
                    default -> sumHits / (double) window;
                };
                long hits = rule.kind() == TrafficRule.Kind.SECTION_TRAFFIC ? sumSection[i] : sumHits;
                listener.alert(new TrafficAlert(name, rule, bad, s, hits, value, text));
            }
        }
    }

    /** Closes every interval that ends at or before second {@code s}, empty ones too. */
    private void closeThrough(long s) {
        long start = Math.floorDiv(s + 1, interval) * (long) interval - interval;
        if (start + interval > firstSecond) {
            intervalOf(start); // the interval ending with s exists, even if empty (but none before the first line)
        }
        while (!open.isEmpty() && open.firstKey() + interval <= s + 1) {
            listener.intervalClosed(open.pollFirstEntry().getValue());
        }
    }

    private IntervalStats intervalOf(long second) {
        long start = Math.floorDiv(second, interval) * (long) interval;
        return open.computeIfAbsent(start, k -> new IntervalStats(name, k, k + interval, true));
    }

    /** The malformed lines since the last call, and the first of them ({@code file:line: reason}); then resets. */
    public IntervalStats takeBadLines(IntervalStats into) {
        into.malformed += malformedSinceReport;
        into.late += lateSinceReport;
        if (into.firstMalformed == null) {
            into.firstMalformed = firstMalformed;
        }
        malformedSinceReport = 0;
        lateSinceReport = 0;
        firstMalformed = null;
        return into;
    }

    /** Whether malformed or late lines wait to be reported. */
    public boolean hasBadLines() {
        return malformedSinceReport > 0 || lateSinceReport > 0;
    }

    /** The whole run so far: hits, status classes, bytes, malformed and late lines, first to newest second. */
    public IntervalStats total() {
        return total;
    }

    /** The first second with a line; Long.MIN_VALUE before any. */
    public long firstSecond() {
        return firstSecond;
    }

    /** The newest final second (Long.MIN_VALUE before any line). */
    public long finalSecond() {
        return finalSecond;
    }

    /** Whether a line has been read. */
    public boolean started() {
        return maxSecond != NONE;
    }

    /** The rules firing now. */
    public List<TrafficRule> firingRules() {
        List<TrafficRule> f = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (firing[i]) {
                f.add(rules.get(i));
            }
        }
        return f;
    }

    /** Requests in the window as of the newest final second. */
    public long windowHits() {
        return sumHits;
    }

    /** 5xx answers in the window as of the newest final second. */
    public long windowServerErrors() {
        return sumErrors;
    }

    /** Requests in the window of rule {@code i}'s section (0 for a rule that watches none). */
    public long windowSectionHits(int i) {
        return sumSection[i];
    }

    /** Whether the window lies wholly after the first line (a floor is judged only then). */
    public boolean windowFull() {
        return maxSecond != NONE && finalSecond - firstSecond + 1 >= window;
    }

    /** Seconds the rules look back. */
    public int window() {
        return window;
    }

    /** The rules, in the order their section counts are kept. */
    public List<TrafficRule> rules() {
        return rules;
    }

    /** The window's average rate now, requests per second. */
    public double windowRate() {
        return sumHits / (double) window;
    }

    /** Seconds per interval. */
    public int interval() {
        return interval;
    }
}
