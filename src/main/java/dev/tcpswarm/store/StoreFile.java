package dev.tcpswarm.store;

import dev.tcpswarm.verdict.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a store file through sqlite-jdbc: checks that it is a tcpswarm store this version can read,
 * migrates it ({@link Schema}), and sets write-ahead logging with {@code synchronous=NORMAL}: a
 * commit survives the process being killed (only a power cut can lose the last commits), and
 * readers never wait for the writer. Called on the opening thread; each connection then belongs to
 * one thread at a time.
 */
final class StoreFile {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** How long a statement waits for another connection's lock before it fails. */
    static final int BUSY_TIMEOUT_MILLIS = 2000;

    private StoreFile() {
    }

    /**
     * A connection to {@code path}, migrated to the current version.
     *
     * @param create make the file (and its directory) when missing; false for reading an existing one
     * @param readOnly a connection that only reads (the status page, the report)
     */
    static Connection open(Path path, boolean create, boolean readOnly) throws StoreException {
        return open(path, create, readOnly, false);
    }

    /**
     * As {@link #open(Path, boolean, boolean)}; with {@code check}, an existing file is checked
     * first ({@code PRAGMA quick_check}: every page and record readable, in order) and refused when
     * damaged, rather than accepted and abandoned at the first damaged page the run reaches.
     */
    static Connection open(Path path, boolean create, boolean readOnly, boolean check) throws StoreException {
        boolean existed = Files.exists(path);
        if (!existed) {
            if (!create) {
                throw new StoreException(path + ": no such store (the monitor makes it on its first start with "
                        + "this path)", ExitCode.USAGE);
            }
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new StoreException(path + ": cannot make its directory: " + e.getMessage(), ExitCode.OUTPUT_FAILED,
                        e);
            }
        } else {
            checkHeader(path);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            }
            if (check && existed) {
                quickCheck(c, path);
            }
            Schema.migrate(c, path);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                if (readOnly) {
                    s.execute("PRAGMA query_only = 1");
                }
            }
            return c;
        } catch (SQLException e) {
            close(c);
            throw failure(path, "cannot open the store", e);
        } catch (StoreException e) {
            close(c);
            throw e;
        }
    }

    /**
     * What a failure to open or read the store means for the user: a damaged or foreign file is a data
     * error (65), anything else a file that cannot be used (74).
     */
    static StoreException failure(Path path, String what, SQLException e) {
        int code = StoreFailure.primaryCode(e);
        if (code == org.sqlite.SQLiteErrorCode.SQLITE_NOTADB.code) {
            return new StoreException(path + ": not a tcpswarm store (not an SQLite database): give another file",
                    ExitCode.DATA_ERROR, e);
        }
        if (code == org.sqlite.SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return damaged(path, StoreFailure.message(e), e);
        }
        return new StoreException(path + ": " + what + ": " + StoreFailure.message(e), ExitCode.OUTPUT_FAILED, e);
    }

    private static StoreException damaged(Path path, String finding, Throwable cause) {
        return new StoreException(path + ": the store is damaged (" + finding + "): move it away to start a new one,"
                + " or save what is readable with sqlite3 " + path + " .recover", ExitCode.DATA_ERROR, cause);
    }

    /** Refuses a damaged file: {@code PRAGMA quick_check} answers one row {@code ok}, or its findings. */
    private static void quickCheck(Connection c, Path path) throws SQLException, StoreException {
        List<String> findings = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(3)")) {
            while (rs.next()) {
                findings.add(rs.getString(1));
            }
        }
        if (!findings.equals(List.of("ok"))) {
            throw damaged(path, "quick_check: " + String.join("; ", findings).replaceAll("\\s+", " "), null);
        }
    }

    /** A file that is not empty must start as an SQLite database does; anything else is left untouched. */
    private static void checkHeader(Path path) throws StoreException {
        byte[] head = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new StoreException(path + ": cannot read: " + e.getMessage(), ExitCode.OUTPUT_FAILED, e);
        }
        if (n > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
            throw new StoreException(path + ": not a tcpswarm store (not an SQLite database): give another file",
                    ExitCode.DATA_ERROR);
        }
    }

    static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing after a failure: the first failure is the one reported
            }
        }
    }
}
