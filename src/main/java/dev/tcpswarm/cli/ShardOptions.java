package dev.tcpswarm.cli;

import dev.tcpswarm.plan.LoadPlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for a plan run by several processes at once: which shard this process is
 * ({@code --shard I/N}, or from Kubernetes' Indexed Job with {@code --shard-from-env}), and when the
 * shards start together ({@code --start-at}). Read on the command's thread, before the run.
 */
public final class ShardOptions {
    /** Where Kubernetes puts the index of an Indexed Job's pod. */
    static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    /** Where {@code --shard-from-env} also finds the number of shards. */
    static final String COUNT_VARIABLE = "TCPSWARM_SHARD_COUNT";
    /** A start further ahead than this is taken for a mistake (epoch milliseconds for seconds, say). */
    static final Duration FURTHEST_START = Duration.ofDays(1);
    private static final Pattern SHARD = Pattern.compile("(\\d{1,9})/(\\d{1,9})");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run shard I of N (0 <= I < N) of the plan: its share of the connections, of the rate "
                    + "(N shards at --rate R start R/s together) and of the --source list; merge the results with "
                    + "'tcpswarm merge'")
    String shard;

    @Option(names = "--shard-from-env", description = "The shard index from " + INDEX_VARIABLE + " (a Kubernetes "
            + "Indexed Job), the number of shards from --shard-count or " + COUNT_VARIABLE)
    boolean fromEnv;

    @Option(names = "--shard-count", paramLabel = "N", description = "The number of shards, for --shard-from-env")
    Integer count;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Start the planned-start clock at TIME (RFC 3339, e.g. 2026-12-01T10:00:00Z, or epoch "
                    + "seconds), so that shards begin together; waits for it. A time more than the dial timeout "
                    + "in the past is refused")
    String startAt;

    /** This process's plan: the whole plan or its shard, starting at --start-at. Environment from {@link System#getenv}. */
    LoadPlan apply(LoadPlan whole, Instant now) {
        return apply(whole, now, System::getenv);
    }

    LoadPlan apply(LoadPlan whole, Instant now, UnaryOperator<String> env) {
        LoadPlan plan = whole;
        int[] shardOfCount = shardOfCount(env);
        if (shardOfCount != null) {
            int n = shardOfCount[1];
            if (whole.connections() < n) {
                throw new UsageException("--connections " + whole.connections() + " cannot be split over " + n
                        + " shards: each shard needs at least one connection");
            }
            if (!whole.sources().isEmpty() && whole.sources().size() < n) {
                throw new UsageException("--source gives " + whole.sources().size() + " address"
                        + (whole.sources().size() == 1 ? "" : "es") + " for " + n + " shards: each shard needs at "
                        + "least one (or leave --source out)");
            }
            plan = whole.slice(shardOfCount[0], n);
        }
        if (startAt != null) {
            plan = plan.startingAt(startTime(startAt));
            checkStart(plan, now);
        }
        return plan;
    }

    /** {index, count}, or null when this process runs the whole plan. */
    private int[] shardOfCount(UnaryOperator<String> env) {
        if (shard != null && fromEnv) {
            throw new UsageException("--shard and --shard-from-env both say which shard this is: use one of them");
        }
        if (count != null && !fromEnv) {
            throw new UsageException("--shard-count goes with --shard-from-env (--shard I/N gives the count itself)");
        }
        if (shard != null) {
            Matcher m = SHARD.matcher(shard.trim());
            if (!m.matches()) {
                throw new UsageException("--shard '" + shard + "' is not I/N: give the shard's index and the number "
                        + "of shards, e.g. --shard 0/3 (indexes run from 0)");
            }
            return checked(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "--shard " + shard.trim());
        }
        if (!fromEnv) {
            return null;
        }
        String index = env.apply(INDEX_VARIABLE);
        if (index == null || index.isBlank()) {
            throw new UsageException("--shard-from-env: " + INDEX_VARIABLE + " is not set (Kubernetes sets it in an "
                    + "Indexed Job's pods): set it, or give --shard I/N");
        }
        if (!index.trim().matches("\\d{1,9}")) {
            throw new UsageException("--shard-from-env: " + INDEX_VARIABLE + "='" + index + "' is not a shard index "
                    + "(0, 1, 2, ...)");
        }
        int n;
        if (count != null) {
            n = count;
        } else {
            String fromVariable = env.apply(COUNT_VARIABLE);
            if (fromVariable == null || fromVariable.isBlank()) {
                throw new UsageException("--shard-from-env needs the number of shards: give --shard-count N or set "
                        + COUNT_VARIABLE);
            }
            if (!fromVariable.trim().matches("\\d{1,9}")) {
                throw new UsageException(COUNT_VARIABLE + "='" + fromVariable + "' is not a number of shards");
            }
            n = Integer.parseInt(fromVariable.trim());
        }
        return checked(Integer.parseInt(index.trim()), n, INDEX_VARIABLE + "=" + index.trim() + " of " + n + " shards");
    }

    private static int[] checked(int index, int n, String what) {
        if (n < 1) {
            throw new UsageException(what + ": the number of shards must be at least 1");
        }
        if (index >= n) {
            throw new UsageException(what + ": the shard index runs from 0 to " + (n - 1)
                    + " (as Kubernetes' " + INDEX_VARIABLE + " does)");
        }
        return new int[] {index, n};
    }

    /** RFC 3339 ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01T11:00:00.5+01:00}) or epoch seconds ({@code 1764583200}). */
    static Instant startTime(String text) {
        String t = text.trim();
        if (EPOCH_SECONDS.matcher(t).matches()) {
            BigDecimal seconds = new BigDecimal(t);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            // RFC 3339 allows a lower-case t and z, and a space for the T
            String iso = t.toUpperCase(Locale.ROOT).replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--start-at '" + text + "' is not a time: give RFC 3339 with a zone "
                    + "(2026-12-01T10:00:00Z) or epoch seconds (1764583200)");
        }
    }

    /**
     * Refuses a start time already more than the dial timeout in the past (a shard that came too late
     * to start with the others), or more than a day ahead (most likely a mistake).
     */
    static void checkStart(LoadPlan plan, Instant now) {
        Instant at = plan.startAt();
        if (at == null) {
            return;
        }
        Duration ago = Duration.between(at, now);
        if (ago.toMillis() > plan.dialTimeoutMillis()) {
            throw new UsageException("--start-at " + at + " was " + seconds(ago) + " ago, more than the dial "
                    + "timeout (" + plan.dialTimeoutMillis() + " ms): this process came too late to start with the "
                    + "others; give a time ahead");
        }
        if (ago.negated().compareTo(FURTHEST_START) > 0) {
            throw new UsageException("--start-at " + at + " is more than a day ahead: give epoch seconds (not "
                    + "milliseconds) or an RFC 3339 time");
        }
    }

    /** The one line a process says before it waits for its start time (or as it starts late). */
    static String waitLine(LoadPlan plan, Instant now) {
        Duration ahead = Duration.between(now, plan.startAt());
        String shard = plan.shard().isWhole() ? "" : " (shard " + plan.shard().label() + ")";
        if (ahead.isNegative()) {
            return "tcpswarm: starting " + seconds(ahead.negated()) + " after --start-at " + plan.startAt() + shard
                    + ": the starts planned before now count as late";
        }
        return "tcpswarm: waiting " + seconds(ahead) + " for --start-at " + plan.startAt() + shard;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
