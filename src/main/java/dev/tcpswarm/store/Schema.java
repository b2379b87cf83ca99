package dev.tcpswarm.store;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.verdict.ExitCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and their history. The version is SQLite's {@code user_version}; opening a
 * store applies the missing steps in order, all in one transaction, so an older store is brought up
 * to date and a half-migrated one cannot exist. The steps' backfills run after all their statements,
 * on the current tables, so that one backfill (written against today's columns) serves a store of
 * any older version. A store of a newer version is refused.
 * <ul>
 * <li>v1: the raw history: every probe, every state change with its reason, every alert decision,
 * every notification's outcome;</li>
 * <li>v2: per-minute rollups per service (probes, failures, p50/p95/p99 and the HdrHistogram they
 * come from), filled from the probes already stored;</li>
 * <li>v3: a row per access log per interval of event time: hits by status class, bytes, malformed
 * and late lines;</li>
 * <li>v4: the TLS handshake's time of each probe apart from its connect time ({@code probe.tls_us},
 * NULL for a probe without a completed handshake), and its percentiles and HdrHistogram in the
 * rollups ({@code rollup.tls_*}); a probe stored before has none.</li>
 * <li>v5: each probe's response time ({@code probe.response_us}: how long a conversation's server took to
 * answer; NULL for a plain connect, a failed conversation, and every probe stored before).</li>
 * <li>v6: the response times' percentiles and HdrHistogram in the rollups ({@code rollup.response_*}),
 * filled for each minute rolled up before whose probes are all still stored (a minute whose raw
 * probes were partly pruned keeps its rollup, without response times, rather than a wrong one).</li>
 * </ul>
 * Times are epoch milliseconds; connect, handshake and response times microseconds. Called on the thread that opens a store.
 */
final class Schema {
    /** The version this tcpswarm writes. */
    static final int CURRENT = 6;
    /** {@code PRAGMA application_id}: 'tcps', marks a file as a tcpswarm store. */
    static final int APPLICATION_ID = 0x74637073;

    private Schema() {
    }

    /** One step from {@code version - 1} to {@code version}. */
    private record Step(int version, List<String> statements, Backfill backfill) {
    }

    /** Work a step does with the data after its statements. */
    @FunctionalInterface
    private interface Backfill {
        void run(Connection c) throws SQLException;
    }

    private static final List<Step> STEPS = List.of(
            new Step(1, List.of(
                    "CREATE TABLE target (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL"
                            + " CHECK (kind IN ('service', 'group')), UNIQUE (name, kind))",
                    "CREATE TABLE probe (t INTEGER NOT NULL, target INTEGER NOT NULL REFERENCES target (id),"
                            + " outcome INTEGER NOT NULL, connect_us INTEGER)",
                    "CREATE INDEX probe_by_target ON probe (target, t)",
                    "CREATE INDEX probe_by_time ON probe (t)",
                    "CREATE TABLE state_change (t INTEGER NOT NULL, target INTEGER NOT NULL REFERENCES target (id),"
                            + " from_state TEXT NOT NULL, to_state TEXT NOT NULL, reason TEXT NOT NULL)",
                    "CREATE INDEX state_change_by_target ON state_change (target, t)",
                    "CREATE TABLE alert_event (t INTEGER NOT NULL, alert TEXT NOT NULL, target TEXT NOT NULL,"
                            + " event TEXT NOT NULL, target_state TEXT NOT NULL, message TEXT NOT NULL,"
                            + " firing_since INTEGER NOT NULL)",
                    "CREATE INDEX alert_event_by_alert ON alert_event (alert, t)",
                    "CREATE TABLE notification (t INTEGER NOT NULL, alert TEXT NOT NULL, event TEXT NOT NULL,"
                            + " event_t INTEGER NOT NULL, channel TEXT NOT NULL, delivered INTEGER NOT NULL,"
                            + " attempts INTEGER NOT NULL, error TEXT NOT NULL)",
                    "CREATE INDEX notification_by_time ON notification (t)",
                    "PRAGMA application_id = " + APPLICATION_ID), null),
            new Step(2, List.of(
                    "CREATE TABLE rollup (target INTEGER NOT NULL REFERENCES target (id), minute INTEGER NOT NULL,"
                            + " probes INTEGER NOT NULL, failures INTEGER NOT NULL, p50_us INTEGER, p95_us INTEGER,"
                            + " p99_us INTEGER, histogram BLOB, PRIMARY KEY (target, minute)) WITHOUT ROWID",
                    "CREATE INDEX rollup_by_minute ON rollup (minute)"),
                    Rollups::backfill),
            new Step(3, List.of(
                    "CREATE TABLE traffic (source TEXT NOT NULL, t INTEGER NOT NULL, end_t INTEGER NOT NULL,"
                            + " hits INTEGER NOT NULL, status_1xx INTEGER NOT NULL, status_2xx INTEGER NOT NULL,"
                            + " status_3xx INTEGER NOT NULL, status_4xx INTEGER NOT NULL, status_5xx INTEGER NOT NULL,"
                            + " status_other INTEGER NOT NULL, bytes INTEGER NOT NULL, malformed INTEGER NOT NULL,"
                            + " late INTEGER NOT NULL)",
                    "CREATE INDEX traffic_by_source ON traffic (source, t)",
                    "CREATE INDEX traffic_by_time ON traffic (t)"), null),
            new Step(4, List.of(
                    "ALTER TABLE probe ADD COLUMN tls_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN tls_p50_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN tls_p95_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN tls_p99_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN tls_histogram BLOB"), null),
            new Step(5, List.of("ALTER TABLE probe ADD COLUMN response_us INTEGER"), null),
            new Step(6, List.of(
                    "ALTER TABLE rollup ADD COLUMN response_p50_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN response_p95_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN response_p99_us INTEGER",
                    "ALTER TABLE rollup ADD COLUMN response_histogram BLOB"),
                    Rollups::backfillResponses));

    /** The stored code of each probe outcome (never its ordinal, so the enum may be reordered). */
    static int outcomeCode(ProbeOutcome outcome) {
        return switch (outcome) {
            case OPEN -> 0;
            case TIMEOUT -> 1;
            case REFUSED -> 2;
            case RESET -> 3;
            case UNREACHABLE -> 4;
            case DNS -> 5;
            case OTHER -> 6;
            case TLS_EXPIRED -> 7;
            case TLS_NOT_YET_VALID -> 8;
            case TLS_UNKNOWN_AUTHORITY -> 9;
            case TLS_HOSTNAME_MISMATCH -> 10;
            case TLS_TIMEOUT -> 11;
            case TLS_REFUSED -> 12;
            case TLS_CLIENT_CERT -> 13;
            case TLS_NOT_TLS -> 14;
            case TLS_CLOSED -> 15;
            case TLS_OTHER -> 16;
            case NO_ANSWER -> 17;
            case UNEXPECTED_ANSWER -> 18;
            case CLOSED_BEFORE_ANSWER -> 19;
            case STARTTLS_REFUSED -> 20;
        };
    }

    /** The outcome of a stored code. */
    static ProbeOutcome outcome(int code) {
        return switch (code) {
            case 0 -> ProbeOutcome.OPEN;
            case 1 -> ProbeOutcome.TIMEOUT;
            case 2 -> ProbeOutcome.REFUSED;
            case 3 -> ProbeOutcome.RESET;
            case 4 -> ProbeOutcome.UNREACHABLE;
            case 5 -> ProbeOutcome.DNS;
            case 7 -> ProbeOutcome.TLS_EXPIRED;
            case 8 -> ProbeOutcome.TLS_NOT_YET_VALID;
            case 9 -> ProbeOutcome.TLS_UNKNOWN_AUTHORITY;
            case 10 -> ProbeOutcome.TLS_HOSTNAME_MISMATCH;
            case 11 -> ProbeOutcome.TLS_TIMEOUT;
            case 12 -> ProbeOutcome.TLS_REFUSED;
            case 13 -> ProbeOutcome.TLS_CLIENT_CERT;
            case 14 -> ProbeOutcome.TLS_NOT_TLS;
            case 15 -> ProbeOutcome.TLS_CLOSED;
            case 17 -> ProbeOutcome.NO_ANSWER;
            case 18 -> ProbeOutcome.UNEXPECTED_ANSWER;
            case 19 -> ProbeOutcome.CLOSED_BEFORE_ANSWER;
            case 20 -> ProbeOutcome.STARTTLS_REFUSED;
            case 16 -> ProbeOutcome.TLS_OTHER;
            default -> ProbeOutcome.OTHER;
        };
    }

    /**
     * Brings the store in {@code c} (auto-commit) to {@link #CURRENT}.
     *
     * @return the version it had
     * @throws StoreException when it is newer than this tcpswarm, or not a tcpswarm store
     */
    static int migrate(Connection c, Path file) throws StoreException, SQLException {
        int version = pragma(c, "user_version");
        int applicationId = pragma(c, "application_id");
        if (version == 0 ? tableCount(c) > 0 : applicationId != APPLICATION_ID) {
            throw new StoreException(file + ": not a tcpswarm store (an SQLite database of something else): give "
                    + "another file", ExitCode.DATA_ERROR);
        }
        if (version > CURRENT) {
            throw new StoreException(file + ": written by a newer tcpswarm (store version " + version
                    + ", this one knows up to " + CURRENT + "): use that tcpswarm or a newer one, or another file",
                    ExitCode.DATA_ERROR);
        }
        if (version == CURRENT) {
            return version;
        }
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                int now = pragma(c, "user_version"); // another process may have migrated it meanwhile
                List<Backfill> backfills = new java.util.ArrayList<>();
                for (Step step : STEPS) {
                    if (step.version() <= now) {
                        continue;
                    }
                    for (String sql : step.statements()) {
                        s.execute(sql);
                    }
                    if (step.backfill() != null) {
                        backfills.add(step.backfill());
                    }
                }
                for (Backfill backfill : backfills) {
                    backfill.run(c);
                }
                s.execute("PRAGMA user_version = " + CURRENT);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
        return version;
    }

    static int pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static int tableCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
