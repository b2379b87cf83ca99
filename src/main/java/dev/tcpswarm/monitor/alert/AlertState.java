package dev.tcpswarm.monitor.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * One alert's state machine: pure, driven by the checks it is given and their times, so it can be
 * table-tested. It fires after {@code failureThreshold} checks in a row find the condition true,
 * resolves after {@code successThreshold} in a row find it false (sending the recovery only when the
 * firing was sent and {@code sendResolved}), and reminds every {@code reminderNanos} while firing.
 * A firing held back (suppressed: its service's group is DOWN) is sent once the hold lifts, if the
 * alert is still firing then. Touched by the pipeline thread only.
 */
public final class AlertState {
    /** What a check decided. */
    public enum Event { FIRING, RESOLVED, REMINDER, SUPPRESSED }

    private final int failureThreshold;
    private final int successThreshold;
    private final boolean sendResolved;
    private final long reminderNanos;
    private int badInARow;
    private int goodInARow;
    private boolean firing;
    private boolean sent;
    private boolean heldBack;
    private long lastSentNanos;
    private long firingSinceNanos;

    public AlertState(int failureThreshold, int successThreshold, boolean sendResolved, long reminderNanos) {
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
        this.sendResolved = sendResolved;
        this.reminderNanos = reminderNanos;
    }

    public boolean firing() {
        return firing;
    }

    /** Monotonic time it started firing (meaningful while firing). */
    public long firingSinceNanos() {
        return firingSinceNanos;
    }

    /**
     * Takes up a firing remembered from an earlier run: firing and sent, so a condition that still
     * holds sends no new firing (reminders go on from {@code lastSentNanos}), and one that has ended
     * sends the recovery.
     */
    public void resume(long firingSinceNanos, long lastSentNanos) {
        firing = true;
        sent = true;
        heldBack = false;
        badInARow = failureThreshold;
        goodInARow = 0;
        this.firingSinceNanos = firingSinceNanos;
        this.lastSentNanos = lastSentNanos;
    }

    /**
     * One check.
     *
     * @param bad the condition holds now
     * @param suppressed notifications for this alert are held back now
     * @return what to send (or note), usually nothing
     */
    public List<Event> next(boolean bad, boolean suppressed, long nowNanos) {
        List<Event> events = new ArrayList<>(1);
        if (bad) {
            badInARow++;
            goodInARow = 0;
            if (!firing && badInARow >= failureThreshold) {
                firing = true;
                firingSinceNanos = nowNanos;
            }
            if (firing && !sent) {
                if (suppressed) {
                    if (!heldBack) {
                        heldBack = true;
                        events.add(Event.SUPPRESSED);
                    }
                } else {
                    sent = true;
                    lastSentNanos = nowNanos;
                    events.add(Event.FIRING);
                }
            } else if (firing && reminderNanos > 0 && !suppressed && nowNanos - lastSentNanos >= reminderNanos) {
                lastSentNanos = nowNanos;
                events.add(Event.REMINDER);
            }
        } else {
            goodInARow++;
            badInARow = 0;
            if (firing && goodInARow >= successThreshold) {
                firing = false;
                if (sent && sendResolved) {
                    events.add(Event.RESOLVED);
                }
                sent = false;
                heldBack = false;
            }
        }
        return events;
    }
}
