package dev.tcpswarm.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert state machine as tables: one check per 10 s; B bad, G good, S bad while held back. */
class AlertStateTest {
    private static List<String> run(AlertState a, String checks) {
        List<String> out = new ArrayList<>();
        long t = 0;
        for (char c : checks.toCharArray()) {
            List<AlertState.Event> events = a.next(c != 'G', c == 'S', t);
            out.add(events.isEmpty() ? "-" : events.toString());
            t += TimeUnit.SECONDS.toNanos(10);
        }
        return out;
    }

    @Test
    void firesAfterTheFailureThresholdAndResolvesAfterTheSuccessThreshold() {
        assertEquals(List.of("-", "-", "[FIRING]", "-", "-", "[RESOLVED]", "-"),
                run(new AlertState(3, 2, true, 0), "BBBBGGG"));
    }

    @Test
    void aBreakInTheRunStartsTheCountAgain() {
        assertEquals(List.of("-", "-", "-", "-", "-", "[FIRING]"), run(new AlertState(3, 1, true, 0), "BBGBBB"));
        assertEquals(List.of("[FIRING]", "-", "-", "-", "[RESOLVED]"), run(new AlertState(1, 2, true, 0), "BGBGG"));
    }

    @Test
    void noRecoveryMessageWhenNotAsked() {
        assertEquals(List.of("[FIRING]", "-"), run(new AlertState(1, 1, false, 0), "BG"));
    }

    @Test
    void remindersWhileStillFiring() {
        // reminder every 30 s: checks at 0 (fires), 30 s, 60 s remind
        assertEquals(List.of("[FIRING]", "-", "-", "[REMINDER]", "-", "-", "[REMINDER]", "[RESOLVED]"),
                run(new AlertState(1, 1, true, TimeUnit.SECONDS.toNanos(30)), "BBBBBBBG"));
    }

    @Test
    void heldBackWhileTheGroupIsDownThenSentIfStillFiring() {
        assertEquals(List.of("[SUPPRESSED]", "-", "[FIRING]", "[RESOLVED]"), run(new AlertState(1, 1, true, 0), "SSBG"));
        // held back the whole time: neither the firing nor its recovery is sent
        assertEquals(List.of("[SUPPRESSED]", "-", "-"), run(new AlertState(1, 1, true, 0), "SSG"));
    }

    @Test
    void aSecondOutageFiresAgain() {
        // the recovery forgets that the firing was sent: the next outage's firing is sent too
        assertEquals(List.of("[FIRING]", "[RESOLVED]", "[FIRING]", "-", "[RESOLVED]"),
                run(new AlertState(1, 1, true, 0), "BGBBG"));
    }

    @Test
    void aSecondOutageHeldBackIsSaidAgain() {
        // the recovery forgets the hold: a second outage held back is noted again, then sent when the hold lifts
        assertEquals(List.of("[SUPPRESSED]", "-", "[SUPPRESSED]", "[FIRING]", "[RESOLVED]"),
                run(new AlertState(1, 1, true, 0), "SGSBG"));
    }
}
