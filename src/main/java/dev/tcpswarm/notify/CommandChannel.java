package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import dev.tcpswarm.plan.DurationText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code command}: runs argv (placeholders filled in, each once; no shell) in a process group of
 * its own ({@code setsid}), so that a timeout, or the monitor's stop, ends the command and
 * everything it started, not only the direct child. Delivered on exit 0. Processes are started on
 * the deliveries' thread; their ends are seen on the JDK's process reaper; {@link #close} may come
 * from any thread.
 */
final class CommandChannel implements Channel {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");
    private static final String SETSID = "/usr/bin/setsid";
    private static final String KILL = "/usr/bin/kill";

    private final ChannelConfig config;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A command under way: its process (the leader of its group) and its try's future. */
    private record Running(Process process, CompletableFuture<Attempt> attempt) {
    }

    CommandChannel(ChannelConfig config) {
        this.config = config;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Attempt> deliver(Notice notice) {
        List<String> argv = new ArrayList<>();
        for (String a : config.argv()) {
            argv.add(fill(a, notice));
        }
        if (closed) {
            return CompletableFuture.completedFuture(Attempt.failed("not run: the monitor is stopping"));
        }
        List<String> command = new ArrayList<>(List.of(SETSID, "--"));
        command.addAll(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(Attempt.failed("cannot run " + argv.get(0) + ": " + e.getMessage()));
        }
        CompletableFuture<Attempt> attempt = new CompletableFuture<>();
        Running r = new Running(process, attempt);
        running.add(r);
        process.onExit().orTimeout(config.timeoutMillis(), TimeUnit.MILLISECONDS).whenComplete((p, thrown) -> {
            if (thrown != null) {
                endGroup(process);
                attempt.complete(Attempt.failed("timeout after "
                        + DurationText.format(TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis()))));
            } else {
                int code = p.exitValue();
                attempt.complete(code == 0 ? Attempt.ok() : exitFailure(argv.get(0), code));
            }
            running.remove(r);
        });
        return attempt;
    }

    private static Attempt exitFailure(String program, int code) {
        if (code == 127 || code == 126) { // setsid's own: the program was not found, or cannot run
            return Attempt.failed("cannot run " + program + " (exit " + code + ")");
        }
        return Attempt.failed("exit " + code);
    }

    /** Ends the command's whole process group (it leads it: its pid is the group's id), then the command. */
    private static void endGroup(Process process) {
        try {
            new ProcessBuilder(KILL, "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    /** Ends every command still running (with its group); their tries complete as stopped. */
    @Override
    public void close() {
        closed = true;
        for (Running r : List.copyOf(running)) {
            // said before the group is ended: the exit that the kill brings (137) must not win the race
            r.attempt().complete(Attempt.failed("ended at stop, still running"));
            endGroup(r.process());
            running.remove(r);
        }
    }

    /**
     * The argument with {@code {alert}}, {@code {service}}, {@code {state}}, ... filled in, in one
     * pass: text a placeholder brings in is never expanded again.
     */
    static String fill(String arg, Notice n) {
        Map<String, String> values = Map.of("{alert}", n.alert(), "{service}", n.target(), "{state}", n.state(),
                "{reason}", n.message(), "{event}", n.eventKey(),
                "{time}", Instant.ofEpochMilli(n.epochMillis()).toString());
        Matcher m = PLACEHOLDER.matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
