package dev.tcpswarm.verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes, one place for all of them. 0, 1 and 2 keep tcpgoon's meanings; usage
 * errors are 64 (not picocli's default 2, which means "a connection failed" here).
 */
public final class ExitCode {
    /** Every connection established (a connection the server closed later still counts). */
    public static final int OK = 0;
    /** Incomplete: interrupted, or the prompt was declined. */
    public static final int INCOMPLETE = 1;
    /** At least one connection failed (or, for ramp, even the first level failed). */
    public static final int CONNECTIONS_FAILED = 2;
    /** A threshold failed. */
    public static final int THRESHOLD_FAILED = 3;
    /** Bad command line. */
    public static final int USAGE = 64;
    /**
     * Input data this version cannot use (sysexits' EX_DATAERR): the monitor's store was written by a
     * newer tcpswarm, or is not a tcpswarm store.
     */
    public static final int DATA_ERROR = 65;
    /** The host name could not be resolved. */
    public static final int NO_HOST = 68;
    /** A resource the command needs is not available: {@code serve}'s port is already in use (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** Internal error. */
    public static final int SOFTWARE = 70;
    /**
     * An output file could not be written (sysexits' EX_IOERR). The run itself went on: the report
     * and the other files were produced, and stderr names the file.
     */
    public static final int OUTPUT_FAILED = 74;

    private ExitCode() {
    }

    /** The list shown in --help: code (right-aligned) to meaning, in order. */
    public static Map<String, String> helpList() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "every connection established (closed by the server later still counts)");
        codes.put(" " + INCOMPLETE, "incomplete: interrupted (Ctrl-C, SIGTERM) or the prompt declined");
        codes.put(" " + CONNECTIONS_FAILED, "at least one connection failed, or --max-duration cut the run short");
        codes.put(" " + THRESHOLD_FAILED, "a --threshold failed (with thresholds, they alone decide: 0 or 3)");
        codes.put(String.valueOf(USAGE), "bad command line");
        codes.put(String.valueOf(NO_HOST), "host name not resolvable");
        codes.put(String.valueOf(SOFTWARE), "internal error");
        codes.put(String.valueOf(OUTPUT_FAILED), "an output file could not be written (stderr names it; the report "
                + "and the other files were still written)");
        return codes;
    }
}
