package dev.tcpswarm.store;

import java.util.List;
import java.util.stream.Stream;

/**
 * The store's schemas as older tcpswarm versions wrote them, statement by statement, for the tests
 * that open such a file and check that it is migrated: written out here rather than taken from
 * {@link Schema}, so that a change to today's steps cannot change what an old file looked like.
 */
public final class OldSchemas {
    private OldSchemas() {
    }

    /** v1's tables: the raw history, no rollups. */
    private static final List<String> V1_TABLES = List.of(
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
            "CREATE INDEX notification_by_time ON notification (t)");

    /** What v2 and v3 added: the rollups, then the access logs' traffic rows. */
    private static final List<String> V2_V3_TABLES = List.of(
            "CREATE TABLE rollup (target INTEGER NOT NULL REFERENCES target (id), minute INTEGER NOT NULL,"
                    + " probes INTEGER NOT NULL, failures INTEGER NOT NULL, p50_us INTEGER, p95_us INTEGER,"
                    + " p99_us INTEGER, histogram BLOB, PRIMARY KEY (target, minute)) WITHOUT ROWID",
            "CREATE INDEX rollup_by_minute ON rollup (minute)",
            "CREATE TABLE traffic (source TEXT NOT NULL, t INTEGER NOT NULL, end_t INTEGER NOT NULL,"
                    + " hits INTEGER NOT NULL, status_1xx INTEGER NOT NULL, status_2xx INTEGER NOT NULL,"
                    + " status_3xx INTEGER NOT NULL, status_4xx INTEGER NOT NULL, status_5xx INTEGER NOT NULL,"
                    + " status_other INTEGER NOT NULL, bytes INTEGER NOT NULL, malformed INTEGER NOT NULL,"
                    + " late INTEGER NOT NULL)",
            "CREATE INDEX traffic_by_source ON traffic (source, t)",
            "CREATE INDEX traffic_by_time ON traffic (t)");

    /** The v1 schema, as tcpswarm's first store wrote it. */
    public static final List<String> V1 = Stream.of(V1_TABLES,
            List.of("PRAGMA application_id = 1952673907", "PRAGMA user_version = 1")).flatMap(List::stream).toList();

    /** The v3 schema (before the TLS handshake's time was kept). */
    public static final List<String> V3 = Stream.of(V1_TABLES, V2_V3_TABLES,
            List.of("PRAGMA application_id = 1952673907", "PRAGMA user_version = 3")).flatMap(List::stream).toList();

    /** The v5 schema (the probes' response times kept, not yet in the rollups). */
    public static final List<String> V5 = Stream.of(V1_TABLES, V2_V3_TABLES, List.of(
            "ALTER TABLE probe ADD COLUMN tls_us INTEGER",
            "ALTER TABLE rollup ADD COLUMN tls_p50_us INTEGER",
            "ALTER TABLE rollup ADD COLUMN tls_p95_us INTEGER",
            "ALTER TABLE rollup ADD COLUMN tls_p99_us INTEGER",
            "ALTER TABLE rollup ADD COLUMN tls_histogram BLOB",
            "ALTER TABLE probe ADD COLUMN response_us INTEGER",
            "PRAGMA application_id = 1952673907", "PRAGMA user_version = 5")).flatMap(List::stream).toList();
}
