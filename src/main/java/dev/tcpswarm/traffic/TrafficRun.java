package dev.tcpswarm.traffic;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * {@code tcpswarm traffic}'s loop: polls every source in turn (a bounded batch each, so a big file
 * does not starve a live one), hands their lines to their parsers and their {@link SourceTraffic},
 * moves live time on, and prints, in event-time order, each interval's table once every source
 * still reading has finished it; alerts as they happen. At the end of the input, or when stopped,
 * every source finishes: the last interval's table and the run's total. Runs on the caller's
 * thread; the stop future may be completed from any thread.
 */
public final class TrafficRun {
    private static final int BATCH_BYTES = 256 * 1024;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final TrafficSettings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final LongSupplier nanoClock;
    private final TrafficListener extra;
    private final List<Source> sources = new ArrayList<>();
    private long alerts;
    private long lastTableWall;
    private long idleStart = Long.MIN_VALUE;
    private long idleEnd;

    /** @param extra told of every request, malformed line, rate and alert too (metrics, a store); may be null */
    public TrafficRun(TrafficSettings settings, PrintStream out, PrintStream err, LongSupplier nanoClock,
            TrafficListener extra) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.nanoClock = nanoClock;
        this.extra = extra == null ? new TrafficListener() { } : extra;
    }

    /**
     * Adds a source; {@code header}, when not null, is the file's first line read before following
     * from its end (a CSV header naming the columns).
     */
    public void add(LineSource lines, LineParser parser, String header) {
        Source s = new Source(lines, parser);
        if (header != null) {
            try {
                parser.parse(header);
            } catch (MalformedLineException e) {
                // not a header: the lines read decide
            }
        }
        sources.add(s);
    }

    /**
     * Reads until every source has ended, {@code stop} completes, or {@code deadlineNanos} (on the
     * nano clock; 0 for none) passes; then prints the last summaries and the total.
     */
    public void run(Future<?> stop, long deadlineNanos) throws InterruptedException {
        lastTableWall = nanoClock.getAsLong();
        while (!stop.isDone() && (deadlineNanos == 0 || nanoClock.getAsLong() - deadlineNanos < 0)) {
            long read = 0;
            boolean allEnded = true;
            for (Source s : sources) {
                read += s.poll();
                allEnded &= s.lines.ended();
            }
            long now = nanoClock.getAsLong();
            if (settings.follow()) {
                for (Source s : sources) {
                    if (!s.lines.ended()) {
                        s.traffic.advance(now);
                    }
                }
            }
            printReady(false);
            if (allEnded) {
                break;
            }
            if (read == 0) {
                long wait = POLL_NANOS;
                if (deadlineNanos != 0) {
                    wait = Math.min(wait, Math.max(1, deadlineNanos - nanoClock.getAsLong()));
                }
                await(stop, wait);
            }
        }
        for (Source s : sources) {
            s.traffic.finish();
        }
        printReady(true);
        printTotal();
        out.flush();
    }

    private static void await(Future<?> stop, long nanos) throws InterruptedException {
        try {
            stop.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // time for the next poll
        }
    }

    /** Prints the intervals every reading source has finished (all of them at the end). */
    private void printReady(boolean end) {
        long limit = Long.MAX_VALUE;
        if (!end) {
            for (Source s : sources) {
                if (s.traffic.started() && !s.lines.ended()) {
                    limit = Math.min(limit, s.traffic.finalSecond() + 1);
                }
            }
        }
        while (true) {
            Source first = null;
            long firstOrder = Long.MAX_VALUE;
            for (Source src : sources) {
                Object head = src.events.peek();
                if (head != null && ready(head, limit) && order(head) < firstOrder) {
                    first = src;
                    firstOrder = order(head);
                }
            }
            if (first == null) {
                break;
            }
            if (first.events.peek() instanceof TrafficAlert a) {
                first.events.poll();
                printAlert(a);
                continue;
            }
            long start = ((IntervalStats) first.events.peek()).start();
            List<IntervalStats> rows = new ArrayList<>();
            for (Source src : sources) {
                if (src.events.peek() instanceof IntervalStats head && head.start() == start && ready(head, limit)) {
                    rows.add((IntervalStats) src.events.poll());
                }
            }
            print(rows);
        }
        boolean bad = sources.stream().anyMatch(s -> s.traffic.hasBadLines());
        if (bad && (end || nanoClock.getAsLong() - lastTableWall >= settings.intervalSeconds() * 1_000_000_000L)) {
            flushIdle();
            printBadLines();
        }
        flushIdle();
    }

    /** Whether an alert or a table may be printed while every reading source is final before {@code limit}. */
    private static boolean ready(Object event, long limit) {
        return event instanceof TrafficAlert a ? a.second() < limit : ((IntervalStats) event).end() <= limit;
    }

    /** The second an event is printed at: an alert at its own, before the table of the interval it is in. */
    private static long order(Object event) {
        return event instanceof TrafficAlert a ? a.second() : ((IntervalStats) event).end() - 1;
    }

    private void print(List<IntervalStats> rows) {
        long start = rows.get(0).start();
        long end = rows.stream().mapToLong(IntervalStats::end).max().orElse(start);
        boolean empty = rows.stream().allMatch(IntervalStats::empty)
                && sources.stream().noneMatch(s -> s.traffic.hasBadLines());
        if (empty) {
            if (idleStart == Long.MIN_VALUE) {
                idleStart = start;
            }
            idleEnd = Math.max(idleEnd, end);
            return;
        }
        flushIdle();
        List<IntervalStats> withBad = new ArrayList<>();
        for (Source s : sources) {
            IntervalStats row = rows.stream().filter(r -> r.source().equals(s.name())).findFirst().orElse(null);
            if (row == null && s.traffic.hasBadLines()) {
                row = new IntervalStats(s.name(), start, end, true);
            }
            if (row != null) {
                withBad.add(s.traffic.takeBadLines(row));
            }
        }
        SummaryTable.interval(start, end, withBad, sources.size() > 1).forEach(out::println);
        out.flush();
        lastTableWall = nanoClock.getAsLong();
    }

    private void printBadLines() {
        for (Source s : sources) {
            if (s.traffic.hasBadLines()) {
                IntervalStats bad = s.traffic.takeBadLines(new IntervalStats(s.name(), 0, 0, false));
                out.println(SummaryTable.fit(s.name() + ": " + bad.malformed() + " malformed, " + bad.late()
                        + " late lines" + (bad.firstMalformed == null ? "" : "; first: " + bad.firstMalformed)));
            }
        }
        out.flush();
        lastTableWall = nanoClock.getAsLong();
    }

    private void flushIdle() {
        if (idleStart != Long.MIN_VALUE) {
            out.println(SummaryTable.idle(idleStart, idleEnd));
            out.flush();
            idleStart = Long.MIN_VALUE;
            idleEnd = 0;
        }
    }

    private void printTotal() {
        List<IntervalStats> totals = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        long firing = 0;
        for (Source s : sources) {
            totals.add(s.traffic.total());
            long first = s.traffic.firstSecond();
            spans.add(s.traffic.started() ? new long[] {first, s.traffic.finalSecond() + 1} : new long[] {1, 0});
            firing += s.traffic.firingRules().size();
        }
        SummaryTable.total(totals, spans, alerts, firing).forEach(out::println);
    }

    private void printAlert(TrafficAlert a) {
        flushIdle();
        if (a.firing()) {
            alerts++;
        }
        String measure = switch (a.rule().kind()) {
            case SERVER_ERRORS -> String.format(Locale.ROOT, "5xx ratio %.3f", a.value());
            default -> String.format(Locale.ROOT, "%.2f/s", a.value());
        };
        out.println(a.message() + "  (" + a.source() + ": " + measure + " over " + settings.windowSeconds()
                + " s, threshold " + TrafficRule.number(a.rule().threshold()) + ")");
        out.flush();
    }

    /** One log: its lines, its traffic and the sink that parses into it, and the intervals closed but not printed. */
    private final class Source implements TrafficListener {
        final LineSource lines;
        final SourceTraffic traffic;
        final RequestSink sink;
        /** Alerts and closed intervals not printed yet, in the order of their seconds. */
        final ArrayDeque<Object> events = new ArrayDeque<>();
        private String lastError;

        Source(LineSource lines, LineParser parser) {
            this.lines = lines;
            this.traffic = new SourceTraffic(lines.name(), settings.intervalSeconds(), settings.windowSeconds(),
                    settings.latenessSeconds(), settings.rules(), this);
            this.sink = new RequestSink(lines.name(), parser, traffic, nanoClock);
        }

        String name() {
            return lines.name();
        }

        long poll() {
            try {
                long n = lines.poll(sink, BATCH_BYTES);
                lastError = null;
                return n;
            } catch (IOException e) {
                String m = lines.name() + ": " + e;
                if (!m.equals(lastError)) {
                    err.println("tcpswarm: cannot read " + m + " (still trying)");
                    lastError = m;
                }
                return 0;
            }
        }

        @Override
        public void request(String source, Request r) {
            extra.request(source, r);
        }

        @Override
        public void malformed(String source) {
            extra.malformed(source);
        }

        @Override
        public void windowRate(String source, long second, double requestsPerSecond) {
            extra.windowRate(source, second, requestsPerSecond);
        }

        @Override
        public void alert(TrafficAlert a) {
            events.add(a);
            extra.alert(a);
        }

        @Override
        public void intervalClosed(IntervalStats stats) {
            events.add(stats);
            extra.intervalClosed(stats);
        }
    }
}
