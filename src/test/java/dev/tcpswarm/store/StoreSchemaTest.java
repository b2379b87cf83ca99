package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.ServiceState;
import dev.tcpswarm.verdict.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema's versions: a store of v1 (made here by hand, as that version wrote it) is migrated on
 * open with its rows kept and its rollups filled in; a store of a newer version, a foreign SQLite
 * database and a file that is no database at all are refused with one line, and left untouched.
 */
class StoreSchemaTest {
    @TempDir
    Path dir;

    /** The v1 schema, as tcpswarm's first store wrote it: the raw history, no rollups. */
    static final List<String> V1 = OldSchemas.V1;

    /** A v1 store with 3 minutes of probes of one service (minute 2 with a failure) and its state. */
    static Path v1Store(Path file, long minute0) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : V1) {
                s.execute(sql);
            }
            s.execute("INSERT INTO target (id, name, kind) VALUES (1, 'db', 'service'), (2, 'backend', 'group')");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO probe VALUES (?, 1, ?, ?)")) {
                for (int i = 0; i < 90; i++) { // every 2 s for 3 minutes
                    boolean failed = i == 65;
                    p.setLong(1, minute0 + i * 2000L);
                    p.setInt(2, failed ? 1 : 0);
                    if (failed) {
                        p.setNull(3, java.sql.Types.INTEGER);
                    } else {
                        p.setLong(3, 1000 + i * 10L);
                    }
                    p.executeUpdate();
                }
            }
            s.execute("INSERT INTO state_change VALUES (" + minute0 + ", 1, 'unknown', 'up', 'open in 1.0 ms')");
            s.execute("INSERT INTO state_change VALUES (" + (minute0 + 1000) + ", 2, 'unknown', 'up', 'all 1 members up')");
        }
        return file;
    }

    @Test
    void aV1StoreIsMigratedWithItsRowsAndGetsItsRollups() throws Exception {
        long minute0 = 1_760_000_040_000L; // a whole minute
        Path db = v1Store(dir.resolve("v1.db"), minute0);
        try (StoreReader reader = StoreReader.open(db, false)) {
            List<MinuteStats> minutes = reader.minutes("db", minute0, minute0 + 180_000);
            assertEquals(List.of(30L, 30L, 30L), minutes.stream().map(MinuteStats::probes).toList());
            assertEquals(List.of(0L, 0L, 1L), minutes.stream().map(MinuteStats::failures).toList());
            for (int m = 0; m < 3; m++) {
                org.HdrHistogram.IntCountsHistogram want = dev.tcpswarm.monitor.PeriodStats.newConnectMicros();
                for (int i = m * 30; i < m * 30 + 30; i++) {
                    if (i != 65) {
                        want.recordValue(1000 + i * 10L);
                    }
                }
                assertEquals(want.getValueAtPercentile(50), minutes.get(m).p50Micros(), "minute " + m + " p50");
                assertEquals(want.getValueAtPercentile(99), minutes.get(m).p99Micros(), "minute " + m + " p99");
            }
            assertEquals(new Resume.LastState("db", false, ServiceState.UP, "open in 1.0 ms", minute0),
                    reader.resume().states().get(0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(Schema.CURRENT, StoreHistoryTest.count(s, "PRAGMA user_version"), "now current");
            assertEquals(3, StoreHistoryTest.count(s, "SELECT count(*) FROM rollup"), "rollups filled in from the probes");
            assertEquals(90, StoreHistoryTest.count(s, "SELECT sum(probes) FROM rollup"));
            assertEquals(90, StoreHistoryTest.count(s, "SELECT count(*) FROM probe"), "every probe kept");
            assertEquals(0, StoreHistoryTest.count(s, "SELECT count(response_us) FROM probe"),
                    "v5's response time column, null for the probes stored before it");
        }
    }

    @Test
    void aStoreOfANewerVersionIsRefusedAndLeftAlone() throws Exception {
        Path db = dir.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE something_new (x INTEGER)");
            s.execute("PRAGMA application_id = 1952673907");
            s.execute("PRAGMA user_version = " + (Schema.CURRENT + 1));
        }
        byte[] before = Files.readAllBytes(db);
        StoreException e = assertThrows(StoreException.class, () -> StoreReader.open(db, false));
        assertEquals(db + ": written by a newer tcpswarm (store version 7, this one knows up to 6): use that tcpswarm or a"
                + " newer one, or another file", e.getMessage());
        assertEquals(ExitCode.DATA_ERROR, e.exitCode());
        assertArrayEquals(before, Files.readAllBytes(db), "not touched");
        assertEquals(List.of(db.getFileName().toString()), Files.list(dir).map(p -> p.getFileName().toString()).toList(),
                "no journal or WAL file left behind");
    }

    @Test
    void aForeignDatabaseOrAFileThatIsNoDatabaseIsRefused() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER)");
        }
        StoreException e = assertThrows(StoreException.class, () -> StoreReader.open(foreign, true));
        assertEquals(foreign + ": not a tcpswarm store (an SQLite database of something else): give another file",
                e.getMessage());
        assertEquals(ExitCode.DATA_ERROR, e.exitCode());

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database\n");
        e = assertThrows(StoreException.class, () -> StoreReader.open(text, true));
        assertEquals(text + ": not a tcpswarm store (not an SQLite database): give another file", e.getMessage());
        assertEquals("not a database\n", Files.readString(text));

        Path missing = dir.resolve("missing.db");
        e = assertThrows(StoreException.class, () -> StoreReader.open(missing, false));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(false, Files.exists(missing), "reading never makes a store");
    }
}
