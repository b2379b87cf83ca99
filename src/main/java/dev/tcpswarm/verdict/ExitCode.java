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

    /** The list shown in {@code run}'s --help (and the HTML report's banner): code (right-aligned) to meaning. */
    public static Map<String, String> helpList() {
        return helpList("run");
    }

    /**
     * The list shown in a command's --help and man page, by the command's name below {@code tcpswarm}
     * ({@code "run"}, {@code "monitor report"}; {@code ""} for the top level): code (right-aligned) to
     * what it means for that command, in order. Empty for a command that has no list (help).
     */
    public static Map<String, String> helpList(String command) {
        String output = "an output file could not be written (stderr names it; the report and the other files "
                + "were still written)";
        String newerStore = "the store was written by a newer tcpswarm, is not a tcpswarm store, or is damaged";
        return switch (command) {
            case "run", "merge", "demo" -> list(
                    OK, "every connection established (closed by the server later still counts)",
                    INCOMPLETE, "incomplete: interrupted (Ctrl-C, SIGTERM) or the prompt declined",
                    CONNECTIONS_FAILED, "at least one connection failed, or --max-duration cut the run short",
                    THRESHOLD_FAILED, "a --threshold failed (with thresholds, they alone decide: 0 or 3)",
                    USAGE, "bad command line",
                    NO_HOST, "host name not resolvable",
                    SOFTWARE, "internal error",
                    OUTPUT_FAILED, output);
            case "" -> list(
                    OK, "success: every connection established (run), a limit found (ramp), all UP (monitor --once)",
                    INCOMPLETE, "incomplete: interrupted (Ctrl-C, SIGTERM) or the prompt declined",
                    CONNECTIONS_FAILED, "at least one connection failed (run), even the first level failed (ramp), "
                            + "a service DOWN (monitor --once)",
                    THRESHOLD_FAILED, "a --threshold failed, or a service DEGRADED (monitor --once)",
                    USAGE, "bad command line",
                    DATA_ERROR, newerStore + " (monitor)",
                    NO_HOST, "host name not resolvable",
                    UNAVAILABLE, "the port to listen on is already in use (serve)",
                    SOFTWARE, "internal error",
                    OUTPUT_FAILED, output);
            case "ramp" -> list(
                    OK, "a limit was found, or the ceiling was reached without a failure",
                    INCOMPLETE, "incomplete: interrupted (Ctrl-C, SIGTERM), the prompt declined, or a limit of this "
                            + "machine (open files, local ports) stopped the search",
                    CONNECTIONS_FAILED, "even the first level failed",
                    USAGE, "bad command line",
                    NO_HOST, "host name not resolvable",
                    SOFTWARE, "internal error",
                    OUTPUT_FAILED, "an output file could not be written (stderr names it; the table and the other "
                            + "files were still written)");
            case "serve" -> list(
                    OK, "stopped by Ctrl-C or SIGTERM",
                    USAGE, "bad command line, or an address this machine cannot listen on",
                    UNAVAILABLE, "the port is already in use");
            case "monitor" -> list(
                    OK, "stopped by Ctrl-C, SIGTERM or the end of --duration; --once: every service UP; --check: valid",
                    CONNECTIONS_FAILED, "--once: at least one service DOWN",
                    THRESHOLD_FAILED, "--once: a service DEGRADED (none DOWN)",
                    USAGE, "bad command line or config (one line names the file, the line and the key); nothing was "
                            + "started",
                    DATA_ERROR, newerStore,
                    SOFTWARE, "internal error",
                    OUTPUT_FAILED, "the store cannot be opened or made");
            case "monitor report" -> list(
                    OK, "the report was printed (also when the period has no probes)",
                    USAGE, "bad command line or config, or no such store",
                    DATA_ERROR, newerStore,
                    SOFTWARE, "internal error",
                    OUTPUT_FAILED, "the store cannot be read");
            case "established" -> list(
                    OK, "--once: printed, with complete long-lived counts; exporter: stopped by Ctrl-C or SIGTERM",
                    INCOMPLETE, "--once interrupted before --min-age of tracking, or the process of --netns-pid ended",
                    USAGE, "bad setting (command line, environment or config file), or --listen cannot be bound",
                    SOFTWARE, "internal error, or the tcp tables cannot be read");
            case "traffic" -> list(
                    OK, "read to the end (--no-follow, stdin), or stopped by Ctrl-C, SIGTERM or --duration",
                    USAGE, "bad command line, a FILE that does not exist (--no-follow), or --metrics cannot be bound",
                    SOFTWARE, "internal error");
            default -> Map.of();
        };
    }

    /**
     * The exit code of a command stopped by Ctrl-C or SIGTERM, by the command line's first word: 0 for
     * the commands that run until they are stopped (serve, monitor, established, traffic), 1
     * (incomplete) for the others, a run's (the first word a host) included.
     */
    public static int onSignal(String firstWord) {
        return switch (firstWord) {
            case "serve", "monitor", "established", "traffic" -> OK;
            default -> INCOMPLETE;
        };
    }

    /** Pairs of code and meaning as picocli's exit-code list: keys right-aligned to two digits. */
    private static Map<String, String> list(Object... codesAndMeanings) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) {
            codes.put(String.format("%2d", (Integer) codesAndMeanings[i]), (String) codesAndMeanings[i + 1]);
        }
        return codes;
    }
}
