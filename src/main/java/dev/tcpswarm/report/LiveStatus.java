package dev.tcpswarm.report;

import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.IntervalListener;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.StatusCounts;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.ShutdownHooks;
import org.jline.utils.Status;

/**
 * On an interactive terminal: a live status line at the bottom (the counts, a progress bar and the
 * current connect rate), redrawn five times a second with jline's {@link Status} by its own
 * refresher thread; {@link #close()} comes from the run's thread. It draws nothing on a dumb
 * terminal, so {@link #open} returns null there and the caller prints plain lines.
 *
 * <p>Ctrl-C and SIGTERM must work as without it (the report, every file, exit 1) and leave the
 * terminal as it was. So the terminal is opened without jline's native signal handlers (which would
 * give Ctrl-C its default action: the process dies at once), and the line is cleared and the scroll
 * region given back by a task in jline's own shutdown hook, registered before the terminal (jline
 * runs its tasks in order, so this one runs before the terminal is closed). After that the line
 * stays closed; the report is printed below it as usual.
 */
public final class LiveStatus implements IntervalListener, AutoCloseable {
    private static final long REFRESH_MILLIS = 200;

    private final Terminal terminal;
    private final BottomLine status;
    private final ConnectionTracker tracker;
    private final ShutdownHooks.Task restoreAtExit;
    private final ScheduledExecutorService refresher;
    // Guarded by 'this'.
    private boolean closed;
    private Size size;
    private long lastEstablished;
    private long lastNanos = System.nanoTime();
    private double rate;

    private LiveStatus(Terminal terminal, BottomLine status, ConnectionTracker tracker, ShutdownHooks.Task restoreAtExit) {
        this.terminal = terminal;
        this.status = status;
        this.tracker = tracker;
        this.restoreAtExit = restoreAtExit;
        this.size = terminal.getSize();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-status");
            t.setDaemon(true);
            return t;
        });
        status.reserveBottomRow();
        refresher.scheduleAtFixedRate(this::redraw, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A live status line on the system terminal, or null when it cannot draw one. */
    public static LiveStatus open(ConnectionTracker tracker) {
        AtomicReference<LiveStatus> opened = new AtomicReference<>();
        ShutdownHooks.Task restore = () -> {
            LiveStatus live = opened.get();
            if (live != null) {
                live.restore();
            }
        };
        ShutdownHooks.add(restore); // before the terminal, whose own task closes it
        Terminal terminal = null;
        try {
            terminal = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(true).build();
            String type = terminal.getType();
            BottomLine status = type == null || type.startsWith(Terminal.TYPE_DUMB) ? null : new BottomLine(terminal);
            if (status == null || !status.drawable()) {
                terminal.close();
                ShutdownHooks.remove(restore);
                return null;
            }
            LiveStatus live = new LiveStatus(terminal, status, tracker, restore);
            opened.set(live);
            return live;
        } catch (IOException | RuntimeException e) {
            ShutdownHooks.remove(restore);
            if (terminal != null) {
                try {
                    terminal.close();
                } catch (IOException | RuntimeException ignored) {
                    // nothing was drawn
                }
            }
            return null;
        }
    }

    private synchronized void redraw() {
        if (closed) {
            return;
        }
        try {
            Size now = terminal.getSize();
            if (!now.equals(size)) { // no SIGWINCH handler (no native signals): follow the size here
                size = now;
                status.resize(now);
            }
            StatusCounts c = tracker.counts();
            long nanos = System.nanoTime();
            long resolved = c.resolved();
            long established = tracker.everEstablished(); // connections, not attempts: failures are not connects
            double instant = (established - lastEstablished) * 1e9 / Math.max(1, nanos - lastNanos);
            rate = rate == 0 ? instant : 0.6 * rate + 0.4 * instant;
            lastEstablished = established;
            lastNanos = nanos;
            int width = Math.max(10, Math.min(30, size.getColumns() - 110));
            int filled = c.total() == 0 ? width : (int) (width * resolved / c.total());
            String bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
            status.update(List.of(new AttributedString(line(bar, c.progressLine(), rate))));
        } catch (IllegalStateException terminalClosed) {
            closed = true; // closed under us (the process is ending): nothing more to draw
        }
    }

    /** The live line: the bar, tcpgoon's counts, then the rate, set apart so no two numbers run together. */
    static String line(String bar, String progressLine, double ratePerSecond) {
        return String.format(Locale.ROOT, "%s %s | %.0f conn/s", bar, progressLine, ratePerSecond);
    }

    @Override
    public void interval(IntervalSample sample) {
        // redrawn on its own clock
    }

    @Override
    public void finished(IntervalSample last) {
        close();
    }

    /** Stops drawing, clears the line and gives the whole screen back to scrolling. Any thread. */
    private synchronized void restore() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdownNow();
        try {
            status.update(List.of());
            status.close();
            terminal.flush();
        } catch (IllegalStateException terminalClosed) {
            // jline closed the terminal already: nothing can be drawn through it
        }
    }

    @Override
    public void close() {
        restore();
        ShutdownHooks.remove(restoreAtExit); // outside the lock: jline's hook may be running it now
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // nothing more to draw anyway
        }
    }

    /**
     * jline's status line, which takes the bottom row without pushing the screen up when there is
     * room below the cursor. jline's own first update scrolls the whole screen up one row to make
     * room, wherever the cursor is: near the top of a fresh screen that pushes the first line (the
     * prompt with the command just typed) off the screen.
     */
    private static final class BottomLine extends Status {
        BottomLine(Terminal terminal) {
            super(terminal);
        }

        /** jline can draw it here, and the window has a row for it besides the one the output scrolls in. */
        boolean drawable() {
            return supported && terminal.getSize().getRows() >= 2;
        }

        /**
         * A newline moves the cursor down one row, scrolling only when it is on the last one; the
         * cursor goes back up, and the scroll region becomes every row but the last, which is the
         * status line's. Everything printed before ended its line, so the cursor is in column 0.
         */
        void reserveBottomRow() {
            int rows = terminal.getSize().getRows();
            terminal.writer().write('\n');
            terminal.puts(Capability.cursor_up);
            terminal.puts(Capability.save_cursor);
            terminal.puts(Capability.change_scroll_region, 0, rows - 2);
            terminal.puts(Capability.restore_cursor);
            terminal.flush();
            scrollRegion = rows - 2;
        }
    }
}
