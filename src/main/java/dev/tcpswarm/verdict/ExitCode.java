package dev.tcpswarm.verdict;

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
    /** The host name could not be resolved. */
    public static final int NO_HOST = 68;
    /** Internal error. */
    public static final int SOFTWARE = 70;

    private ExitCode() {
    }

    /** The list shown in --help, as picocli's exitCodeList entries ("code:description"). */
    public static final String[] HELP_LIST = {
        " 0:every connection established (closed by the server later still counts)",
        " 1:incomplete: interrupted (Ctrl-C, SIGTERM) or the prompt declined",
        " 2:at least one connection failed",
        " 3:a --threshold failed",
        "64:bad command line",
        "68:host name not resolvable",
        "70:internal error",
    };
}
