package dev.tcpswarm.report;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.stats.ErrorReason;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code --debug}: one line on stderr per connection event. The events come from the event loops,
 * which only queue them: a thread of its own formats and writes the lines, so a slow stderr (a
 * terminal, a pipe read late) slows the debug output, never an event loop, and no connect latency
 * includes a write. {@link #close()} writes what is still queued.
 */
public final class DebugObserver implements DialObserver, AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 10;

    private enum Kind { DIALING, ESTABLISHED, FAILED, CLOSED, END }

    /** One event, formatted on the writer thread; {@code flag} is reopen or reset. */
    private record Event(Kind kind, int slot, boolean flag, ErrorReason reason, long nanos, Throwable cause) {
    }

    private static final Event END = new Event(Kind.END, 0, false, null, 0, null);

    private final PrintStream err;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    public DebugObserver(PrintStream err) {
        this.err = err;
        this.writer = new Thread(this::writeUntilEnd, "tcpswarm-debug");
        writer.setDaemon(true);
        writer.start();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    @Override
    public void dialing(int slot, boolean reopen) {
        queue.add(new Event(Kind.DIALING, slot, reopen, null, 0, null));
    }

    @Override
    public void established(int slot, long connectNanos) {
        queue.add(new Event(Kind.ESTABLISHED, slot, false, null, connectNanos, null));
    }

    @Override
    public void failed(int slot, ErrorReason reason, long elapsedNanos, Throwable cause) {
        queue.add(new Event(Kind.FAILED, slot, false, reason, elapsedNanos, cause));
    }

    @Override
    public void closedByPeer(int slot, boolean reset, long lifetimeNanos) {
        queue.add(new Event(Kind.CLOSED, slot, reset, null, lifetimeNanos, null));
    }

    private static String line(Event e) {
        String prefix = "connection " + e.slot() + ": ";
        return switch (e.kind()) {
            case DIALING -> prefix + (e.flag() ? "reopening" : "dialing");
            case ESTABLISHED -> prefix + "established in " + ms(e.nanos());
            case FAILED -> prefix + "error (" + e.reason().description() + ") after " + ms(e.nanos())
                    + (e.cause() == null ? "" : ": " + e.cause());
            case CLOSED, END -> prefix + (e.flag() ? "reset" : "closed") + " by the server after " + ms(e.nanos());
        };
    }

    private void writeUntilEnd() {
        try {
            for (Event e = queue.take(); e != END; e = queue.take()) {
                err.println(line(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }

    /** Writes every event queued so far (waiting at most a few seconds for a stalled stderr), then stops. */
    @Override
    public void close() {
        queue.add(END);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
