package dev.tcpswarm.server;

/**
 * The built-in server's counters at one moment, taken together so they agree with each other.
 *
 * @param accepted connections accepted, the rejected ones included
 * @param openNow connections open now (held, echoing, or not yet closed by the server)
 * @param peakOpen the highest {@code openNow} so far
 * @param rejected connections reset at once because {@code --max-connections} were already open
 */
public record ServerCounts(long accepted, long openNow, long peakOpen, long rejected) {

    /** The status line {@code serve} prints, e.g. {@code accepted: 60, open: 50, peak: 50, rejected: 10}. */
    public String statusLine() {
        return "accepted: " + accepted + ", open: " + openNow + ", peak: " + peakOpen + ", rejected: " + rejected;
    }

    @Override
    public String toString() {
        return statusLine();
    }
}
