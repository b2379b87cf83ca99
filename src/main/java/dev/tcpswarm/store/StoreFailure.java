package dev.tcpswarm.store;

import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What kind of failure an SQLite error is: one that passes (the disk full, another process holding
 * the lock, an I/O error) and is worth retrying, or one that lasts (a damaged file, a schema that is
 * not the one this tcpswarm made, a constraint broken), which no retry mends. Pure.
 */
final class StoreFailure {
    private StoreFailure() {
    }

    /** SQLite's primary result code of {@code e} (SQLITE_FULL is 13, whatever its extended code). */
    static int primaryCode(SQLException e) {
        int code = e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
        return code & 0xff;
    }

    /** The code's name as SQLite spells it ({@code SQLITE_FULL}), for messages and the metric's label. */
    static String kind(SQLException e) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(primaryCode(e));
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "unknown" : code.name().toUpperCase(Locale.ROOT);
    }

    /** True when retrying cannot help: the file is damaged, or its schema or data are not what is written. */
    static boolean lasting(SQLException e) {
        return switch (SQLiteErrorCode.getErrorCode(primaryCode(e))) {
            case SQLITE_ERROR, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT, SQLITE_MISMATCH, SQLITE_CONSTRAINT,
                    SQLITE_RANGE, SQLITE_TOOBIG -> true;
            default -> false;
        };
    }

    /**
     * The message without sqlite-jdbc's wrapping: {@code no such table: probe}, not {@code [SQLITE_ERROR]
     * SQL error or missing database (no such table: probe)}.
     */
    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int close = m.startsWith("[SQLITE_") ? m.indexOf("] ") : -1;
        if (close < 0) {
            return m;
        }
        m = m.substring(close + 2);
        String generic = SQLiteErrorCode.getErrorCode(primaryCode(e)).message;
        if (generic != null && m.startsWith(generic + " (") && m.endsWith(")")) {
            return m.substring(generic.length() + 2, m.length() - 1);
        }
        return m;
    }
}
