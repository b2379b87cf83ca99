package dev.tcpswarm.store;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.NotificationOutcome;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.StateChange;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The store's sink: everything the pipeline hears goes into SQLite, off the probe path. The pipeline
 * thread only puts a row in a bounded queue (never waiting: when the queue is full the row is
 * dropped, counted in {@code tcpswarm_monitor_store_dropped_rows_total} and said once on stderr).
 * One writer thread of its own takes what is queued in batches, one transaction each, at most every
 * {@value #COMMIT_EVERY_MILLIS} ms; a killed process loses at most the batch under way and what was
 * still queued. The writer also rolls up each minute once it is over (and again when a late probe
 * lands in it), and prunes rows older than their retention every hour, both by the monitor's clock.
 * A write that fails (the disk full, another process holding the lock) is retried with backoff while
 * probing goes on.
 */
public final class StoreWriter implements MonitorListener {
    /** How often a batch is committed while rows keep coming. */
    static final long COMMIT_EVERY_MILLIS = 250;
    private static final int MAX_BATCH_ROWS = 10_000;
    private static final long PRUNE_EVERY_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final int PRUNE_CHUNK_ROWS = 20_000;
    /** How long {@link #close} waits for the queue to reach the disk. */
    private static final long CLOSE_WAIT_MILLIS = 5000;

    /** A row waiting for the disk. */
    private sealed interface Row permits ProbeRow, ChangeRow, AlertRow, NoticeRow {
        /** When it happened, by the monitor's clock. */
        long t();
    }

    private record ProbeRow(long t, String service, int outcome, long connectMicros) implements Row {
    }

    private record ChangeRow(long t, String name, boolean group, String from, String to, String reason) implements Row {
    }

    private record AlertRow(long t, String alert, String target, String event, String state, String message,
            long firingSince) implements Row {
    }

    private record NoticeRow(long t, String alert, String event, long eventT, String channel, boolean delivered,
            int attempts, String error) implements Row {
    }

    private final StoreConfig config;
    private final Connection connection;
    private final MonitorClock clock;
    private final PrintStream err;
    private final BlockingQueue<Row> queue;
    private final Thread thread;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong housekeepingPasses = new AtomicLong();
    private final AtomicBoolean droppedSaid = new AtomicBoolean();
    private final Counter droppedRows;
    private final Counter writtenRows;
    private final Gauge queuedRows;
    private volatile boolean stopping;
    private volatile boolean abandon;
    private volatile long graceMillis = 10_000;

    // the writer thread's own
    private final Map<String, Long> targetIds = new HashMap<>();
    private final TreeSet<Long> dirtyMinutes = new TreeSet<>();
    private long nextPruneMillis;
    private boolean failing;
    private long failingSinceMillis;
    private long lostAtClose;

    /**
     * Starts the writer thread on {@code connection} (which it then owns and closes).
     *
     * @param registry where its metrics go; null for none
     */
    public StoreWriter(StoreConfig config, Connection connection, MonitorClock clock, PrintStream err,
            PrometheusRegistry registry) {
        this.config = config;
        this.connection = connection;
        this.clock = clock;
        this.err = err;
        this.queue = new ArrayBlockingQueue<>(config.queueRows());
        if (registry != null) {
            droppedRows = Counter.builder().name("tcpswarm_monitor_store_dropped_rows_total")
                    .help("Rows the store dropped because its queue was full (the disk slower than the probes)")
                    .withoutExemplars().register(registry);
            writtenRows = Counter.builder().name("tcpswarm_monitor_store_written_rows_total")
                    .help("Rows written to the store (probes, state changes, alerts, notifications)")
                    .withoutExemplars().register(registry);
            queuedRows = Gauge.builder().name("tcpswarm_monitor_store_queued_rows")
                    .help("Rows waiting for the disk").withoutExemplars().register(registry);
        } else {
            droppedRows = null;
            writtenRows = null;
            queuedRows = null;
        }
        this.thread = new Thread(this::run, "tcpswarm-store");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String name() {
        return "store";
    }

    // ---- the pipeline thread: put rows in the queue, never wait ----

    @Override
    public void started(MonitorConfig config) {
        graceMillis = graceMillis(config);
    }

    @Override
    public void reloaded(MonitorConfig config, dev.tcpswarm.monitor.ConfigChanges changes) {
        graceMillis = graceMillis(config);
    }

    /** How long after a minute's end its probes can still arrive: the longest probe, and some. */
    private static long graceMillis(MonitorConfig config) {
        long longest = 0;
        for (ServiceConfig s : config.services()) {
            longest = Math.max(longest, s.timeoutMillis() * s.attempts());
        }
        return longest + 5000;
    }

    @Override
    public void probed(ProbeResult r) {
        offer(new ProbeRow(r.epochMillis(), r.service(), Schema.outcomeCode(r.outcome()),
                r.open() ? PeriodStats.connectMicros(r.connectNanos()) : -1));
    }

    @Override
    public void stateChanged(StateChange c) {
        offer(new ChangeRow(c.epochMillis(), c.name(), c.group(), c.from().key(), c.to().key(), c.reason()));
    }

    @Override
    public void alert(AlertEvent e) {
        offer(new AlertRow(e.epochMillis(), e.alert(), e.target(), e.event().name().toLowerCase(java.util.Locale.ROOT),
                e.targetState().key(), e.message(), e.firingSinceEpochMillis()));
    }

    @Override
    public void notified(NotificationOutcome o) {
        offer(new NoticeRow(o.epochMillis(), o.event().alert(), o.event().event().name().toLowerCase(java.util.Locale.ROOT),
                o.event().epochMillis(), o.channel(), o.delivered(), o.attempts(), o.error()));
    }

    @Override
    public void stopped() {
        stopping = true;
        LockSupport.unpark(thread);
    }

    private void offer(Row row) {
        if (queue.offer(row)) {
            queued.incrementAndGet();
            return;
        }
        long n = dropped.incrementAndGet();
        if (droppedRows != null) {
            droppedRows.inc();
        }
        if (n == 1 && droppedSaid.compareAndSet(false, true)) {
            err.println("tcpswarm monitor: store: the disk is slower than the probes, " + config.queueRows()
                    + " rows are waiting: newer rows are dropped and counted (tcpswarm_monitor_store_dropped_rows_total);"
                    + " probing goes on");
            err.flush();
        }
    }

    /** Rows dropped so far because the queue was full. */
    public long droppedRows() {
        return dropped.get();
    }

    /** Rows waiting for the disk now. */
    public int queuedRows() {
        return queue.size();
    }

    /**
     * Waits until every row queued before this call is written and a rollup and pruning pass has run
     * after it (by the clock as it is now). For tests, and for a caller that must read what it wrote.
     *
     * @return false when that took longer than {@code timeoutMillis}
     */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        long target = queued.get();
        long pass = housekeepingPasses.get();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        LockSupport.unpark(thread);
        synchronized (done) {
            while (done.get() < target || housekeepingPasses.get() <= pass + 1) {
                long left = until - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                LockSupport.unpark(thread);
                done.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
        return true;
    }

    /**
     * After the monitor's last summary: lets the writer write what is queued (up to 5 s), rolls up the
     * minutes that are over, and closes the database. Rows the disk did not take in time are counted
     * and said. The command's thread; once.
     */
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT_MILLIS);
            if (thread.isAlive()) {
                abandon = true;
                LockSupport.unpark(thread);
                thread.join(StoreFile.BUSY_TIMEOUT_MILLIS + 2000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long lost = lostAtClose + queue.size();
        if (lost > 0 || dropped.get() > 0) {
            err.println("tcpswarm monitor: store: " + (lost > 0 ? lost + " rows not written (the disk did not take them"
                    + " within " + CLOSE_WAIT_MILLIS / 1000 + " s)" + (dropped.get() > 0 ? ", " : "") : "")
                    + (dropped.get() > 0 ? dropped.get() + " rows dropped while the queue was full" : ""));
            err.flush();
        }
    }

    // ---- the writer thread ----

    private void run() {
        List<Row> batch = new ArrayList<>(1024);
        try {
            recover();
            housekeeping();
            while (!abandon) {
                Row first = queue.poll();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH_ROWS - 1);
                    if (!writeUntilDone(batch)) {
                        lostAtClose += batch.size();
                        break;
                    }
                    batch.clear();
                }
                housekeeping();
                if (queuedRows != null) {
                    queuedRows.set(queue.size());
                }
                if (first == null && stopping) {
                    break;
                }
                if (!stopping && queue.size() < MAX_BATCH_ROWS) {
                    // producers never wake the writer: rows gather for one commit interval (stop and flush do wake it)
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(COMMIT_EVERY_MILLIS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            lostAtClose += batch.size();
            err.println("tcpswarm monitor: store: the writer stopped: " + e.getMessage() + "; probing goes on without it");
        } finally {
            StoreFile.close(connection);
            synchronized (done) {
                done.notifyAll();
            }
        }
    }

    /** After a crash: the minutes written since the last rollup still need theirs. */
    private void recover() throws SQLException {
        long last = Rollups.lastRolledMinute(connection);
        dirtyMinutes.addAll(Rollups.minutesWithProbes(connection,
                last == Long.MIN_VALUE ? Long.MIN_VALUE : last + Rollups.MINUTE_MILLIS));
    }

    /** Writes {@code batch}, retrying while it fails; false when given up at close. */
    private boolean writeUntilDone(List<Row> batch) throws InterruptedException {
        long backoffMillis = 100;
        while (true) {
            try {
                write(batch);
                if (writtenRows != null) {
                    writtenRows.inc(batch.size());
                }
                if (failing) {
                    failing = false;
                    err.println("tcpswarm monitor: store: writing again after "
                            + Math.max(0, clock.epochMillis() - failingSinceMillis) / 1000 + " s");
                    err.flush();
                }
                progress(batch.size());
                return true;
            } catch (SQLException e) {
                if (!failing) {
                    failing = true;
                    failingSinceMillis = clock.epochMillis();
                    err.println("tcpswarm monitor: store: cannot write to " + config.path() + ": " + e.getMessage()
                            + "; retrying, probing goes on");
                    err.flush();
                }
                if (abandon) {
                    return false;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoffMillis));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                backoffMillis = Math.min(2000, backoffMillis * 2);
            }
        }
    }

    private void progress(long rows) {
        synchronized (done) {
            done.addAndGet(rows);
            done.notifyAll();
        }
    }

    /** One transaction: the batch's rows, in order. */
    private void write(List<Row> batch) throws SQLException {
        Map<String, Long> newIds = new HashMap<>();
        List<Long> minutes = new ArrayList<>();
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try (PreparedStatement probe = connection.prepareStatement(
                    "INSERT INTO probe (t, target, outcome, connect_us) VALUES (?, ?, ?, ?)");
                    PreparedStatement change = connection.prepareStatement(
                            "INSERT INTO state_change (t, target, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement alert = connection.prepareStatement("INSERT INTO alert_event (t, alert, target,"
                            + " event, target_state, message, firing_since) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement notice = connection.prepareStatement("INSERT INTO notification (t, alert, event,"
                            + " event_t, channel, delivered, attempts, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row row : batch) {
                    if (row instanceof ProbeRow p) {
                        probe.setLong(1, p.t());
                        probe.setLong(2, targetId(p.service(), false, newIds));
                        probe.setInt(3, p.outcome());
                        if (p.connectMicros() < 0) {
                            probe.setNull(4, java.sql.Types.INTEGER);
                        } else {
                            probe.setLong(4, p.connectMicros());
                        }
                        probe.addBatch();
                        minutes.add(Rollups.minuteOf(p.t()));
                    } else if (row instanceof ChangeRow c) {
                        change.setLong(1, c.t());
                        change.setLong(2, targetId(c.name(), c.group(), newIds));
                        change.setString(3, c.from());
                        change.setString(4, c.to());
                        change.setString(5, c.reason());
                        change.addBatch();
                    } else if (row instanceof AlertRow a) {
                        alert.setLong(1, a.t());
                        alert.setString(2, a.alert());
                        alert.setString(3, a.target());
                        alert.setString(4, a.event());
                        alert.setString(5, a.state());
                        alert.setString(6, a.message());
                        alert.setLong(7, a.firingSince());
                        alert.addBatch();
                    } else if (row instanceof NoticeRow n) {
                        notice.setLong(1, n.t());
                        notice.setString(2, n.alert());
                        notice.setString(3, n.event());
                        notice.setLong(4, n.eventT());
                        notice.setString(5, n.channel());
                        notice.setInt(6, n.delivered() ? 1 : 0);
                        notice.setInt(7, n.attempts());
                        notice.setString(8, n.error());
                        notice.addBatch();
                    }
                }
                probe.executeBatch();
                change.executeBatch();
                alert.executeBatch();
                notice.executeBatch();
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(tx);
                throw e;
            }
        }
        targetIds.putAll(newIds);
        dirtyMinutes.addAll(minutes);
    }

    private static void rollback(Statement tx) {
        try {
            tx.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction left to roll back (SQLite ended it with the failure)
        }
    }

    /** The id of a service or group, made on first sight (in the transaction under way). */
    private long targetId(String name, boolean group, Map<String, Long> newIds) throws SQLException {
        String key = (group ? "g:" : "s:") + name;
        Long id = targetIds.get(key);
        if (id == null) {
            id = newIds.get(key);
        }
        if (id != null) {
            return id;
        }
        String kind = group ? "group" : "service";
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO target (name, kind) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, kind);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM target WHERE name = ? AND kind = ?")) {
            select.setString(1, name);
            select.setString(2, kind);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        newIds.put(key, id);
        return id;
    }

    /** Rolls up the minutes that are over, prunes when an hour has passed; then tells {@link #flush} waiters. */
    private void housekeeping() throws SQLException {
        long now = clock.epochMillis();
        List<Long> due = new ArrayList<>();
        for (long m : dirtyMinutes) {
            if (m + Rollups.MINUTE_MILLIS + graceMillis > now) {
                break;
            }
            due.add(m);
        }
        if (!due.isEmpty() && !failing) {
            try {
                inTransaction(() -> Rollups.rollUpMinutes(connection, due));
                due.forEach(dirtyMinutes::remove);
            } catch (SQLException e) {
                // busy or failing: these minutes stay due and are rolled up at the next pass
            }
        }
        if (now >= nextPruneMillis && !failing) {
            try {
                prune(now);
                nextPruneMillis = now + PRUNE_EVERY_MILLIS;
            } catch (SQLException e) {
                // tried again at the next pass
            }
        }
        synchronized (done) {
            housekeepingPasses.incrementAndGet();
            done.notifyAll();
        }
    }

    /** Deletes probes past the retention (in chunks, each its own transaction) and the rest past theirs. */
    private void prune(long now) throws SQLException {
        long probesBefore = Math.min(now - config.retentionMillis(), stillToRollUpMillis());
        long restBefore = now - config.rollupRetentionMillis();
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM probe WHERE rowid IN (SELECT rowid FROM probe WHERE t < ? LIMIT " + PRUNE_CHUNK_ROWS + ")")) {
            ps.setLong(1, probesBefore);
            while (ps.executeUpdate() == PRUNE_CHUNK_ROWS && !abandon) {
                // the next chunk
            }
        }
        inTransaction(() -> {
            // the last state change of each service and group, and the last event of each alert, are kept
            // however old: they are where the next start resumes
            for (String sql : List.of("DELETE FROM rollup WHERE minute < ?",
                    "DELETE FROM state_change WHERE t < ? AND rowid NOT IN (SELECT max(rowid) FROM state_change GROUP BY target)",
                    "DELETE FROM alert_event WHERE t < ? AND rowid NOT IN (SELECT max(rowid) FROM alert_event GROUP BY alert)",
                    "DELETE FROM notification WHERE t < ?")) {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setLong(1, restBefore);
                    ps.executeUpdate();
                }
            }
        });
    }

    /**
     * The earliest time whose probes may still be rolled up: the oldest minute not rolled up yet, and
     * the oldest row still queued less the time a late probe can take. Probes from there on are kept
     * whatever the retention (a backlog bigger than a batch, a clock that jumped), so a minute is never
     * rolled up again from part of its probes.
     */
    private long stillToRollUpMillis() {
        long earliest = dirtyMinutes.isEmpty() ? Long.MAX_VALUE : dirtyMinutes.first();
        Row oldestQueued = queue.peek();
        if (oldestQueued != null) {
            earliest = Math.min(earliest, Rollups.minuteOf(oldestQueued.t()) - graceMillis);
        }
        return earliest;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(tx);
                throw e;
            }
        }
    }
}
