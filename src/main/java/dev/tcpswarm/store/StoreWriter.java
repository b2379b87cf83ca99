package dev.tcpswarm.store;

import dev.tcpswarm.monitor.alert.AlertEvent;
import dev.tcpswarm.monitor.MonitorClock;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.NotificationOutcome;
import dev.tcpswarm.monitor.PeriodStats;
import dev.tcpswarm.monitor.ProbeResult;
import dev.tcpswarm.monitor.StateChange;
import dev.tcpswarm.monitor.TrafficInterval;
import dev.tcpswarm.monitor.config.MonitorConfig;
import dev.tcpswarm.monitor.config.ServiceConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The store's sink: everything the pipeline hears goes into SQLite, off the probe path. The pipeline
 * thread only puts a row in the {@link StoreQueue} (never waiting: a row that finds it full is dropped
 * and counted). One writer thread of its own takes what is queued in batches, one transaction each
 * ({@link StoreDao}), at most every {@value #COMMIT_EVERY_MILLIS} ms, and runs the
 * {@link StoreHousekeeper}'s rollups and pruning; a killed process loses at most the batch under way
 * and what was still queued.
 * <p>
 * Faults: a write that fails and may pass (the disk full, another process holding the lock) is
 * retried with backoff while probing goes on, said once when it begins and once when writing works
 * again; a failure that lasts (a damaged file, a foreign schema) stops the writing, said once, and
 * every row from then on is counted as dropped. Every row not written is counted in
 * {@code tcpswarm_monitor_store_dropped_rows_total}; {@code tcpswarm_monitor_store_up} is 0 while
 * writes fail, and the queue gauge is read when scraped.
 */
public final class StoreWriter implements MonitorListener {
    /** How often a batch is committed while rows keep coming. */
    static final long COMMIT_EVERY_MILLIS = 250;
    private static final int MAX_BATCH_ROWS = 10_000;
    /** How long {@link #close} waits for the queue to reach the disk. */
    private static final long CLOSE_WAIT_MILLIS = 5000;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final StoreConfig config;
    private final MonitorClock clock;
    private final PrintStream err;
    private final StoreQueue queue;
    private final StoreDao dao;
    private final StoreHousekeeper housekeeper;
    private final Thread thread;
    /** Every row that did not reach the disk: queue full, the store failed for good, or given up at close. */
    private final AtomicLong lost = new AtomicLong();
    /** The lost count when the current drop episode's first row was dropped; -1 between episodes. */
    private final AtomicLong episodeStart = new AtomicLong(-1);
    private final Counter droppedRows;
    private final Counter writtenRows;
    private final Counter errors;
    private volatile boolean stopping;
    private volatile boolean abandon;
    /** Set by the writer thread: the last write failed and is being retried. */
    private volatile boolean failing;
    /** Set by the writer thread: a lasting failure; the reason, for the close. */
    private volatile String brokenReason;
    private volatile String lastError = "";

    // the writer thread's own
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
        this.clock = clock;
        this.err = err;
        this.queue = new StoreQueue(config.queueRows());
        this.dao = new StoreDao(connection);
        this.housekeeper = new StoreHousekeeper(config, dao);
        if (registry != null) {
            droppedRows = Counter.builder().name("tcpswarm_monitor_store_dropped_rows_total")
                    .help("Rows that never reached the store: its queue was full (the disk slower than the probes, or"
                            + " refusing writes), the store failed for good, or the stop could not wait for them")
                    .withoutExemplars().register(registry);
            writtenRows = Counter.builder().name("tcpswarm_monitor_store_written_rows_total")
                    .help("Rows written to the store (probes, state changes, alerts, notifications)")
                    .withoutExemplars().register(registry);
            errors = Counter.builder().name("tcpswarm_monitor_store_errors_total")
                    .help("Writes to the store that failed, by SQLite's result code (SQLITE_FULL, SQLITE_BUSY,"
                            + " SQLITE_CORRUPT, ...)")
                    .labelNames("code").withoutExemplars().register(registry);
            GaugeWithCallback.builder().name("tcpswarm_monitor_store_queued_rows")
                    .help("Rows waiting for the disk (besides the batch being written)")
                    .callback(cb -> cb.call(queue.size())).register(registry);
            GaugeWithCallback.builder().name("tcpswarm_monitor_store_up")
                    .help("1 while the store takes writes; 0 while they fail (retried) or after a failure that lasts")
                    .callback(cb -> cb.call(up() ? 1 : 0)).register(registry);
        } else {
            droppedRows = null;
            writtenRows = null;
            errors = null;
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
        housekeeper.graceMillis(graceMillis(config));
    }

    @Override
    public void reloaded(MonitorConfig config, dev.tcpswarm.monitor.ConfigChanges changes) {
        housekeeper.graceMillis(graceMillis(config));
    }

    /** How long after a minute's end its probes can still arrive: the longest probe, and some. */
    private static long graceMillis(MonitorConfig config) {
        long longest = 0;
        for (ServiceConfig s : config.services()) {
            longest = Math.max(longest, s.longestProbeMillis());
        }
        return longest + 5000;
    }

    @Override
    public void probed(ProbeResult r) {
        if (r.maintenance() != null) {
            return; // a maintenance window's probes are no part of the history, so uptime leaves the window out
        }
        offer(new StoreRow.Probe(r.epochMillis(), r.service(), Schema.outcomeCode(r.outcome()),
                r.open() ? PeriodStats.connectMicros(r.connectNanos()) : -1,
                r.open() && r.tlsNanos() >= 0 ? PeriodStats.connectMicros(r.tlsNanos()) : -1,
                r.responseNanos() < 0 ? -1 : PeriodStats.connectMicros(r.responseNanos())));
    }

    @Override
    public void stateChanged(StateChange c) {
        offer(new StoreRow.Change(c.epochMillis(), c.name(), c.group(), c.from().key(), c.to().key(), c.reason()));
    }

    @Override
    public void alert(AlertEvent e) {
        offer(new StoreRow.Alert(e.epochMillis(), e.alert(), e.target(), e.event().name().toLowerCase(Locale.ROOT),
                e.targetState().key(), e.message(), e.firingSinceEpochMillis()));
    }

    @Override
    public void trafficInterval(TrafficInterval i) {
        offer(new StoreRow.Traffic(i.startSecond() * 1000, i.endSecond() * 1000, i.source(), i.hits(),
                i.statusClasses(), i.bytes(), i.malformed(), i.late()));
    }

    @Override
    public void notified(NotificationOutcome o) {
        offer(new StoreRow.Notice(o.epochMillis(), o.event().alert(), o.event().event().name().toLowerCase(Locale.ROOT),
                o.event().epochMillis(), o.channel(), o.delivered(), o.attempts(), o.error()));
    }

    @Override
    public void stopped() {
        stopping = true;
        LockSupport.unpark(thread);
    }

    private void offer(StoreRow row) {
        if (brokenReason == null && queue.offer(row)) {
            return;
        }
        long before = lost.get();
        countLost(1);
        if (brokenReason == null && episodeStart.compareAndSet(-1, before)) {
            err.println("tcpswarm monitor: store: " + queue.capacity() + " rows are waiting for the disk"
                    + (failing ? " (it refuses writes: " + lastError + ")" : " (the disk is slower than the probes)")
                    + ": newer rows are dropped and counted (tcpswarm_monitor_store_dropped_rows_total); probing goes on");
            err.flush();
        }
    }

    private void countLost(long n) {
        lost.addAndGet(n);
        if (droppedRows != null) {
            droppedRows.inc(n);
        }
    }

    /** Rows that did not reach the disk so far (queue full, the store failed, given up at close). */
    public long droppedRows() {
        return lost.get();
    }

    /** Rows waiting for the disk now. */
    public int queuedRows() {
        return queue.size();
    }

    /** True while the store takes writes. */
    public boolean up() {
        return !failing && brokenReason == null;
    }

    /**
     * Waits until every row queued before this call is written and a rollup and pruning pass has run
     * after it (by the clock as it is now). For tests, and for a caller that must read what it wrote.
     *
     * @return false when that took longer than {@code timeoutMillis}, or the store failed for good
     */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        return queue.awaitSettled(timeoutMillis, () -> thread.isAlive() && brokenReason == null,
                () -> LockSupport.unpark(thread)) && brokenReason == null;
    }

    /**
     * After the monitor's last summary: lets the writer write what is queued (up to 5 s), rolls up the
     * minutes that are over, and closes the database. Rows the disk did not take in time are counted
     * and said, with the reason. The command's thread; once.
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
        long notWritten = lostAtClose + queue.size();
        countLost(queue.size());
        long dropped = lost.get() - notWritten;
        if (brokenReason != null) {
            err.println("tcpswarm monitor: store: " + lost.get() + " rows not written, the store failed: " + brokenReason);
        } else if (notWritten > 0 || dropped > 0) {
            String why = failing ? "the disk refused them: " + lastError
                    : "the disk did not take them within " + CLOSE_WAIT_MILLIS / 1000 + " s";
            err.println("tcpswarm monitor: store: " + (notWritten > 0 ? notWritten + " rows not written at the stop ("
                    + why + ")" + (dropped > 0 ? ", " : "") : "")
                    + (dropped > 0 ? dropped + " rows dropped during the run" : ""));
        }
        err.flush();
    }

    // ---- the writer thread ----

    private void run() {
        List<StoreRow> batch = new ArrayList<>(1024);
        try {
            housekeeping();
            while (!abandon) {
                if (queue.drainTo(batch, MAX_BATCH_ROWS) > 0) {
                    if (brokenReason != null || !writeUntilDone(batch)) {
                        countLost(batch.size());
                        lostAtClose += abandon ? batch.size() : 0;
                        queue.settled(batch.size());
                        if (abandon) {
                            break;
                        }
                    }
                    batch.clear();
                }
                housekeeping();
                if (queue.size() == 0 && stopping) {
                    break;
                }
                if (!stopping && queue.size() < MAX_BATCH_ROWS) {
                    // producers never wake the writer: rows gather for one commit interval (stop and flush do wake it)
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(COMMIT_EVERY_MILLIS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            countLost(batch.size());
            lostAtClose += batch.size();
            brokenReason = e.toString();
            err.println("tcpswarm monitor: store: the writer stopped: " + e + "; probing goes on without it");
        } finally {
            dao.close();
            queue.passed();
        }
    }

    /** Writes {@code batch}, retrying while the failure may pass; false when given up (at close, or for good). */
    private boolean writeUntilDone(List<StoreRow> batch) throws InterruptedException {
        long backoffMillis = 100;
        while (true) {
            try {
                housekeeper.written(dao.write(batch));
                if (writtenRows != null) {
                    writtenRows.inc(batch.size());
                }
                queue.settled(batch.size());
                writing();
                return true;
            } catch (SQLException e) {
                if (failed(e, "cannot write to " + config.path())) {
                    return false;
                }
                if (abandon) {
                    return false;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoffMillis));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }

    /**
     * Counts {@code e}; says it when a failure episode begins; ends the writing when it lasts.
     *
     * @return true when it lasts (nothing more is written)
     */
    private boolean failed(SQLException e, String what) {
        String code = StoreFailure.kind(e);
        if (errors != null) {
            errors.labelValues(code).inc();
        }
        lastError = StoreFailure.message(e) + " (" + code + ")";
        if (StoreFailure.lasting(e)) {
            if (brokenReason == null) {
                brokenReason = lastError;
                err.println("tcpswarm monitor: store: " + what + ": " + lastError + ": the file is damaged or not as this"
                        + " tcpswarm made it; nothing more is written to it (each row is counted in"
                        + " tcpswarm_monitor_store_dropped_rows_total), monitoring, the metrics and the API go on from"
                        + " memory; check it after the stop: sqlite3 " + config.path() + " 'PRAGMA integrity_check'");
                err.flush();
            }
            return true;
        }
        if (!failing) {
            failing = true;
            failingSinceMillis = clock.epochMillis();
            err.println("tcpswarm monitor: store: " + what + ": " + lastError + "; retrying, probing goes on");
            err.flush();
        }
        return false;
    }

    /** A write went through: ends a failure episode, and a drop episode once the queue has room again. */
    private void writing() {
        if (failing) {
            failing = false;
            err.println("tcpswarm monitor: store: writing again after "
                    + Math.max(0, clock.epochMillis() - failingSinceMillis) / 1000 + " s");
            err.flush();
        }
        long start = episodeStart.get();
        if (start >= 0 && queue.size() <= queue.capacity() / 2 && episodeStart.compareAndSet(start, -1)) {
            err.println("tcpswarm monitor: store: the queue has room again; " + (lost.get() - start)
                    + " rows were dropped while it was full");
            err.flush();
        }
    }

    /** The rollups and pruning that are due (not while writes fail); then tells {@link #flush} waiters. */
    private void housekeeping() {
        if (!failing && brokenReason == null) {
            try {
                housekeeper.pass(clock.epochMillis(), queue.peek(), () -> !abandon);
            } catch (SQLException e) {
                if (StoreFailure.lasting(e)) {
                    failed(e, "cannot roll up or prune " + config.path());
                }
                // otherwise busy or failing: what is due stays due for the next pass
            }
        }
        queue.passed();
    }
}
