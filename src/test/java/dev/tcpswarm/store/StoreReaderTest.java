package dev.tcpswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.monitor.ManualClock;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uptime counts of windows that slide (the status page asks every few seconds for the last
 * 24 h, 7 d and 30 d, and reads only the minutes that entered and left each window) stay equal to
 * the same period read whole, minute by minute, as the monitor goes on.
 */
class StoreReaderTest {
    @TempDir
    Path dir;

    @Test
    void slidingWindowsCountWhatThePeriodReadWholeCounts() throws Exception {
        ManualClock clock = new ManualClock(LocalDateTime.of(2025, 10, 8, 10, 0, 0), ZoneId.of("UTC"));
        Path db = dir.resolve("h.db");
        try (Feed feed = new Feed(clock, """
                services: [{name: a, address: "127.0.0.1:1"}]
                store: {path: "%s"}
                """.formatted(db)); StoreReader reader = StoreReader.open(db, false)) {
            feed.core.start();
            for (int step = 0; step < 40; step++) {
                for (int i = 0; i < 12; i++) { // two minutes, a probe every 10 s; every 7th fails
                    feed.core.onResult((step * 12 + i) % 7 == 0 ? Feed.failed("a", clock, ProbeOutcome.TIMEOUT)
                            : Feed.open("a", clock, 500));
                    clock.advance(10, TimeUnit.SECONDS);
                    feed.core.tick();
                }
                feed.flush();
                long now = clock.epochMillis();
                for (long window : new long[] {TimeUnit.MINUTES.toMillis(30), TimeUnit.HOURS.toMillis(1)}) {
                    StoreReader.Counts sliding = reader.counts("a", now - window, now + 1);
                    long probes = 0;
                    long failures = 0;
                    for (MinuteStats m : reader.minutes("a", now - window, now + 1)) {
                        probes += m.probes();
                        failures += m.failures();
                    }
                    assertEquals(new StoreReader.Counts(probes, failures), sliding, "step " + step + ", window " + window);
                }
            }
        }
    }
}
