package dev.tcpswarm.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one source's requests of one interval of event time add up to: hits, status classes and
 * the 5xx codes by name, bytes, sections and remote hosts. Sections and hosts are counted exactly
 * up to {@link #MAX_KEYS} distinct ones per interval, the rest as {@code (others)}: an interval's
 * memory is bounded whatever the log holds. Also the run's total per source (without sections and
 * hosts). Touched by the reading thread only; handed to the printer once closed.
 */
public final class IntervalStats {
    /** The most distinct sections (and hosts) counted one by one in an interval. */
    static final int MAX_KEYS = 10_000;
    static final String OTHERS = "(others)";

    private final String source;
    private final long start;
    private long end;
    private final boolean keyed;
    private long hits;
    private final long[] classes = new long[6];
    private final Map<Integer, Long> serverErrors = new TreeMap<>();
    private long bytes;
    private final Map<String, long[]> sections = new HashMap<>();
    private final Map<String, long[]> hosts = new HashMap<>();
    long malformed;
    long late;
    /** The first malformed line reported with this interval, {@code file:line: reason}. */
    String firstMalformed;

    /**
     * @param start the first second (Unix)
     * @param end the second after the last one covered
     * @param keyed whether sections and hosts are counted (not in a run's total)
     */
    IntervalStats(String source, long start, long end, boolean keyed) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.keyed = keyed;
    }

    void add(Request r) {
        hits++;
        classes[r.statusClass()]++;
        if (r.status() >= 500 && r.status() <= 599) {
            serverErrors.merge(r.status(), 1L, Long::sum);
        }
        bytes += r.bytes();
        if (keyed) {
            count(sections, r.section());
            count(hosts, r.remoteHost());
        }
    }

    private static void count(Map<String, long[]> counts, String key) {
        long[] c = counts.get(key);
        if (c == null) {
            String k = counts.size() >= MAX_KEYS ? OTHERS : key;
            c = counts.computeIfAbsent(k, x -> new long[1]);
        }
        c[0]++;
    }

    /** Adds another's counts (for a total across sources). */
    void addAll(IntervalStats o) {
        hits += o.hits;
        for (int i = 0; i < classes.length; i++) {
            classes[i] += o.classes[i];
        }
        o.serverErrors.forEach((k, v) -> serverErrors.merge(k, v, Long::sum));
        bytes += o.bytes;
        malformed += o.malformed;
        late += o.late;
        if (keyed) {
            o.sections.forEach((k, v) -> sections.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
            o.hosts.forEach((k, v) -> hosts.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        }
    }

    /** An interval cut short at the end of the input ends where the input did. */
    void endAt(long newEnd) {
        end = newEnd;
    }

    public String source() {
        return source;
    }

    public long start() {
        return start;
    }

    /** The second after the last one covered. */
    public long end() {
        return end;
    }

    public long hits() {
        return hits;
    }

    /** Hits of status class {@code c} (2 for 2xx); 0 counts statuses outside 100-599. */
    public long statusClass(int c) {
        return classes[c];
    }

    /** The 5xx statuses seen, by code, in code order. */
    public Map<Integer, Long> serverErrors() {
        return serverErrors;
    }

    public long bytes() {
        return bytes;
    }

    public long malformed() {
        return malformed;
    }

    public long late() {
        return late;
    }

    /** The first malformed line reported with this interval ({@code access.log:12: reason}), or null. */
    public String firstMalformed() {
        return firstMalformed;
    }

    /** Requests per second over the seconds covered. */
    public double rate() {
        long seconds = Math.max(1, end - start);
        return hits / (double) seconds;
    }

    public List<Map.Entry<String, Long>> topSections(int n) {
        return top(sections, n);
    }

    public List<Map.Entry<String, Long>> topHosts(int n) {
        return top(hosts, n);
    }

    private static List<Map.Entry<String, Long>> top(Map<String, long[]> counts, int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(Map.entry(k, v[0])));
        all.sort(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
        return all.size() > n ? all.subList(0, n) : all;
    }

    /** Whether nothing at all happened: no hit, no malformed or late line. */
    public boolean empty() {
        return hits == 0 && malformed == 0 && late == 0;
    }
}
