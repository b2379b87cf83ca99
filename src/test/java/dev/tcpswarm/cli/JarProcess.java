package dev.tcpswarm.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The real jar, run as a subprocess: its stdout line by line, stderr collected, and signals. */
final class JarProcess implements AutoCloseable {
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> allLines = new ArrayList<>();
    private final StringBuilder err = new StringBuilder();

    private JarProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> pump(new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true));
        reader.setDaemon(true);
        reader.start();
        Thread errReader = new Thread(() -> pump(new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false));
        errReader.setDaemon(true);
        errReader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("tcpswarm.jar", "target/tcpswarm.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": run 'mvn verify' (the jar is built in 'package')");
        }
        return jar;
    }

    static JarProcess start(String... args) throws IOException {
        return startWith(List.of(), args);
    }

    /** The jar with {@code env} added to its environment (CI set, as for {@link #start}). */
    static JarProcess startWithEnvironment(java.util.Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = command(List.of(), args);
        pb.environment().putAll(env);
        return new JarProcess(pb.redirectInput(ProcessBuilder.Redirect.PIPE).start());
    }

    /**
     * The jar run under a wrapper command, e.g. {@code ip netns exec NS}; the wrapper must exec the
     * JVM (so that signals reach it).
     */
    static JarProcess startWith(List<String> wrapper, String... args) throws IOException {
        return startWith(wrapper, List.of(), args);
    }

    /** The jar run under a wrapper (may be empty), with options for its JVM. */
    static JarProcess startWith(List<String> wrapper, List<String> jvmOptions, String... args) throws IOException {
        return new JarProcess(command(wrapper, jvmOptions, args).redirectInput(ProcessBuilder.Redirect.PIPE).start());
    }

    /** The jar's command line under {@code wrapper} (may be empty), CI set, not yet started. */
    static ProcessBuilder command(List<String> wrapper, String... args) {
        return command(wrapper, List.of(), args);
    }

    /**
     * The jar's command line under {@code wrapper} (may be empty), with options for its JVM, CI set,
     * SIGINT and SIGTERM at their default action ({@link #DEFAULT_SIGNALS}), not yet started.
     */
    static ProcessBuilder command(List<String> wrapper, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(DEFAULT_SIGNALS);
        cmd.addAll(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CI", "true");
        return pb;
    }

    /**
     * Every jar these tests start gets SIGINT and SIGTERM with their default action (perl resets them,
     * then execs: the pid stays the jar's). An ignored signal stays ignored across exec, and the JVM
     * leaves an ignored SIGINT ignored: under Maven started in the background ({@code nohup mvn ... &},
     * whose shell ignores SIGINT for it), every SIGINT a test sent would be lost. perl is in every
     * Debian system (perl-base, essential).
     */
    static final List<String> DEFAULT_SIGNALS = List.of("perl", "-e",
            "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"");

    /**
     * Runs {@code pb} to its end, its output (stderr merged) going to {@code output}; fails when it
     * takes longer than {@code seconds}. Returns the process (ended) and leaves the output in the file.
     */
    static Process runToEnd(ProcessBuilder pb, Path output, long seconds) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", pb.command()) + ": still running after " + seconds + " s");
            }
        } finally {
            p.destroyForcibly();
        }
        return p;
    }

    /**
     * The jar under {@code ulimit -n limit} (bash lowers the soft and the hard limit, so the JVM
     * cannot raise it again), not yet started; CI set, as for {@link #start}. Assertions are on:
     * connects that fail for want of a descriptor complete off their event loop, and the dialer
     * asserts that their counting still happens on it.
     */
    static ProcessBuilder underOpenFilesLimit(int limit, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "bash",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-ea", "-jar",
                jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CI", "true");
        return pb;
    }

    private void pump(BufferedReader reader, boolean stdout) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (stdout) {
                    synchronized (allLines) {
                        allLines.add(line);
                    }
                    lines.add(line);
                } else {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for a stdout line that starts with {@code prefix}. */
    String awaitLine(String prefix, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting '" + prefix + "' within " + seconds + " s; stdout:\n" + stdout()
                + "\nstderr:\n" + stderr());
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s; stdout:\n" + stdout());
        }
        return process.exitValue();
    }

    String stdout() throws InterruptedException {
        Thread.sleep(50); // let the reader drain what the process wrote last
        synchronized (allLines) {
            return String.join("\n", allLines);
        }
    }

    String stderr() {
        synchronized (err) {
            return err.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
