package dev.tcpswarm.report;

import dev.tcpswarm.engine.DialObserver;
import dev.tcpswarm.stats.ErrorReason;
import java.io.PrintStream;
import java.util.Locale;

/** {@code --debug}: one line on stderr per connection event. */
public final class DebugObserver implements DialObserver {
    private final PrintStream err;

    public DebugObserver(PrintStream err) {
        this.err = err;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    @Override
    public void dialing(int slot, boolean reopen) {
        err.println("connection " + slot + ": " + (reopen ? "reopening" : "dialing"));
    }

    @Override
    public void established(int slot, long connectNanos) {
        err.println("connection " + slot + ": established in " + ms(connectNanos));
    }

    @Override
    public void failed(int slot, ErrorReason reason, long elapsedNanos, Throwable cause) {
        err.println("connection " + slot + ": error (" + reason.description() + ") after " + ms(elapsedNanos)
                + (cause == null ? "" : ": " + cause));
    }

    @Override
    public void closedByPeer(int slot, boolean reset, long lifetimeNanos) {
        err.println("connection " + slot + ": " + (reset ? "reset" : "closed") + " by the server after " + ms(lifetimeNanos));
    }
}
