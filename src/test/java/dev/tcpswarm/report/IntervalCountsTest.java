package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.stats.IntervalTraffic;
import dev.tcpswarm.stats.StatusCounts;
import org.junit.jupiter.api.Test;

/**
 * The interval comment of the HDR log: a run that sends writes its traffic after the counts in
 * every interval (zero included), and merge reads both back; a log without traffic (a run that
 * sends nothing, or an older version's) still reads, its traffic not counted (null).
 */
class IntervalCountsTest {
    private static final StatusCounts COUNTS = new StatusCounts(10, 1, 6, 1, 2, 0);

    @Test
    void theTrafficIsWrittenAfterTheCountsAndReadBack() {
        IntervalTraffic traffic = new IntervalTraffic(400, 398, 2, 25_600, 25_472);
        String comment = new IntervalCounts(0, COUNTS, 3, 2, 1, traffic).comment(1.5);
        assertEquals("tcpswarm-interval:end=1.500;total=10;dialing=1;established=6;closed=1;error=2;not_initiated=0;"
                + "started=3;established_in_interval=2;late_starts=1;messages=400;responses=398;response_timeouts=2;"
                + "bytes_sent=25600;bytes_received=25472", comment);
        IntervalCounts read = IntervalCounts.parse("#" + comment);
        assertEquals(new IntervalCounts(1.5, COUNTS, 3, 2, 1, traffic), read);
    }

    @Test
    void anIntervalOfASendingRunWithNothingInItStillSaysSo() {
        String comment = new IntervalCounts(0, COUNTS, 3, 2, 1, IntervalTraffic.NONE).comment(1);
        assertTrue(comment.endsWith(";messages=0;responses=0;response_timeouts=0;bytes_sent=0;bytes_received=0"),
                comment);
        assertEquals(IntervalTraffic.NONE, IntervalCounts.parse(comment).traffic(), "zero, not unknown");
    }

    @Test
    void withoutTrafficNoneIsWrittenAndAnOlderLogReadsAsNotCounted() {
        String comment = new IntervalCounts(0, COUNTS, 3, 2, 1, null).comment(1);
        assertTrue(comment.endsWith(";late_starts=1"), comment);
        assertNull(IntervalCounts.parse(comment).traffic());
    }

    @Test
    void aTrafficCutShortIsRefusedByName() {
        String comment = new IntervalCounts(0, COUNTS, 3, 2, 1, null).comment(1) + ";messages=4";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntervalCounts.parse(comment));
        assertEquals("an interval's traffic without 'responses'", e.getMessage());
    }
}
