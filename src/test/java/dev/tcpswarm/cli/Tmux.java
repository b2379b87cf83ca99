package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real pseudo-terminal: a tmux server of the test's own (its own socket, so nothing is shared
 * with other tmux users), one window of a fixed size running a plain bash with the prompt
 * {@code "$ "}, typed into with {@code send-keys} and read back with {@code capture-pane}. Where
 * tmux is missing the test is skipped (failed in CI, whose set-up installs it).
 */
final class Tmux implements AutoCloseable {
    final int columns;
    final int rows;
    private final String socket;
    private Path socketPath;

    private Tmux(String socket, int columns, int rows) {
        this.socket = socket;
        this.columns = columns;
        this.rows = rows;
    }

    /** A window of {@code columns} x {@code rows} (no tmux status bar) with bash in {@code dir}. */
    static Tmux start(Path dir, int columns, int rows) throws InterruptedException {
        Kernel.requireOrSkip(Kernel.exec("tmux", "-V").exit() == 0, "tmux is not installed");
        String socket = "tcpswarm-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Tmux tmux = new Tmux(socket, columns, rows);
        Kernel.run("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String.valueOf(columns), "-y",
                String.valueOf(rows), "-c", dir.toString(), "env PS1='$ ' bash --norc --noprofile");
        tmux.socketPath = Path.of(Kernel.run("tmux", "-L", socket, "display-message", "-p", "#{socket_path}").trim());
        Kernel.run("tmux", "-L", socket, "set-option", "-g", "status", "off");
        tmux.awaitScreen(s -> s.get(0).startsWith("$"), 10, "the shell's prompt");
        return tmux;
    }

    /** Types {@code line} and Enter. */
    void type(String line) throws InterruptedException {
        Kernel.run("tmux", "-L", socket, "send-keys", "-l", line);
        Kernel.run("tmux", "-L", socket, "send-keys", "Enter");
    }

    /** Types {@code text} without Enter. */
    void typeWithoutEnter(String text) throws InterruptedException {
        Kernel.run("tmux", "-L", socket, "send-keys", "-l", text);
    }

    /** Presses a key, e.g. {@code C-c}. */
    void press(String key) throws InterruptedException {
        Kernel.run("tmux", "-L", socket, "send-keys", key);
    }

    /** The visible screen, one string per row (trailing blanks removed), always {@link #rows} of them. */
    List<String> screen() throws InterruptedException {
        List<String> lines = new ArrayList<>(Kernel.run("tmux", "-L", socket, "capture-pane", "-p").lines()
                .map(String::stripTrailing).toList());
        while (lines.size() < rows) {
            lines.add("");
        }
        return lines;
    }

    /** The screen once {@code condition} holds; fails after {@code seconds} showing the screen. */
    List<String> awaitScreen(Predicate<List<String>> condition, long seconds, String what)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> screen = screen();
        while (!condition.test(screen)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no " + what + " on the screen within " + seconds + " s:\n"
                        + String.join("\n", screen));
            }
            Thread.sleep(100);
            screen = screen();
        }
        return screen;
    }

    /** The shell's process id (the commands it runs are its children). */
    long shellPid() throws InterruptedException {
        return Long.parseLong(Kernel.run("tmux", "-L", socket, "display-message", "-p", "#{pane_pid}").trim());
    }

    /** Ends the tmux server and everything in its window, and removes its socket (tmux 3.3 leaves it). */
    @Override
    public void close() {
        try {
            Kernel.exec("tmux", "-L", socket, "kill-server");
            if (socketPath != null) {
                Files.deleteIfExists(socketPath);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
