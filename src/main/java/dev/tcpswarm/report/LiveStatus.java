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
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * On an interactive terminal: a live status line at the bottom (the counts, a progress bar and the
 * current connect rate), redrawn five times a second with jline's {@link Status}. It draws nothing
 * on a dumb terminal, so {@link #open} returns null there and the caller prints plain lines.
 */
public final class LiveStatus implements IntervalListener, AutoCloseable {
    private static final long REFRESH_MILLIS = 200;

    private final Terminal terminal;
    private final Status status;
    private final ConnectionTracker tracker;
    private final ScheduledExecutorService refresher;
    private long lastEstablished;
    private long lastNanos = System.nanoTime();
    private double rate;

    private LiveStatus(Terminal terminal, Status status, ConnectionTracker tracker) {
        this.terminal = terminal;
        this.status = status;
        this.tracker = tracker;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpswarm-status");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleAtFixedRate(this::redraw, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A live status line on the system terminal, or null when it cannot draw one. */
    public static LiveStatus open(ConnectionTracker tracker) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
            String type = terminal.getType();
            Status status = type == null || type.startsWith(Terminal.TYPE_DUMB) ? null : Status.getStatus(terminal);
            if (status == null) {
                terminal.close();
                return null;
            }
            return new LiveStatus(terminal, status, tracker);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private synchronized void redraw() {
        StatusCounts c = tracker.counts();
        long now = System.nanoTime();
        long resolved = c.resolved();
        long established = tracker.everEstablished(); // connections, not attempts: failures are not connects
        double instant = (established - lastEstablished) * 1e9 / Math.max(1, now - lastNanos);
        rate = rate == 0 ? instant : 0.6 * rate + 0.4 * instant;
        lastEstablished = established;
        lastNanos = now;
        int width = Math.max(10, Math.min(30, terminal.getSize().getColumns() - 110));
        int filled = c.total() == 0 ? width : (int) (width * resolved / c.total());
        String bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
        String line = String.format(Locale.ROOT, "%s %s %.0f conn/s", bar, c.progressLine(), rate);
        status.update(List.of(new AttributedString(line)));
    }

    @Override
    public void interval(IntervalSample sample) {
        // redrawn on its own clock
    }

    @Override
    public void finished(IntervalSample last) {
        close();
    }

    @Override
    public synchronized void close() {
        if (refresher.isShutdown()) {
            return;
        }
        refresher.shutdownNow();
        status.update(List.of());
        status.close();
        terminal.flush();
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing more to draw anyway
        }
    }
}
