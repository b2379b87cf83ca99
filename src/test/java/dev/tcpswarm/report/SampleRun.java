package dev.tcpswarm.report;

import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.plan.LoadPlan;
import dev.tcpswarm.plan.Target;
import dev.tcpswarm.stats.ConnectionTracker;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.IntervalSample;
import dev.tcpswarm.stats.RunResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A run driven through a real ConnectionTracker: its progress samples, its result and its plan. */
final class SampleRun {
    final Instant start;
    final List<IntervalSample> samples;
    final RunResult result;
    final LoadPlan plan;

    private SampleRun(Instant start, List<IntervalSample> samples, RunResult result, LoadPlan plan) {
        this.start = start;
        this.samples = samples;
        this.result = result;
        this.plan = plan;
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Ten slots over four intervals: six established (5 ms to 3 s, one later reset by the server),
     * three failed (two refused, one timeout), one still dialing. The third interval is empty.
     */
    static SampleRun mixed() {
        Instant start = Instant.now();
        ConnectionTracker tracker = new ConnectionTracker(10);
        LoopRecorder loop = tracker.newLoopRecorder();
        List<IntervalSample> samples = new ArrayList<>();

        dial(loop, 4);
        loop.established(ms(5), ms(6), false);
        loop.established(ms(50), ms(55), false);
        loop.established(ms(150), ms(160), false);
        loop.failed(ErrorReason.REFUSED, ms(1), false);
        samples.add(tracker.sampleInterval());

        dial(loop, 4);
        loop.startLag(ms(2));
        loop.established(ms(700), ms(702), false);
        loop.established(ms(1500), ms(1502), false);
        loop.failed(ErrorReason.TIMEOUT, ms(1000), false);
        loop.failed(ErrorReason.REFUSED, ms(2), false);
        samples.add(tracker.sampleInterval());

        samples.add(tracker.sampleInterval());

        dial(loop, 2);
        loop.established(ms(3000), ms(3010), false);
        loop.closedByPeer(ms(10_000), true);
        samples.add(tracker.sampleInterval());

        return finish(start, tracker, samples, 10);
    }

    /** Every one of {@code n} slots established in one interval. */
    static SampleRun allEstablished(int n) {
        Instant start = Instant.now();
        ConnectionTracker tracker = new ConnectionTracker(n);
        LoopRecorder loop = tracker.newLoopRecorder();
        dial(loop, n);
        for (int i = 0; i < n; i++) {
            loop.established(ms(1 + i), ms(2 + i), false);
        }
        List<IntervalSample> samples = new ArrayList<>();
        samples.add(tracker.sampleInterval());
        return finish(start, tracker, samples, n);
    }

    private static void dial(LoopRecorder loop, int n) {
        for (int i = 0; i < n; i++) {
            loop.dialStarted();
        }
    }

    private static SampleRun finish(Instant start, ConnectionTracker tracker, List<IntervalSample> samples,
            int connections) {
        RunResult result = new RunResult(start, Instant.now(), ms(1234), tracker.totals(), false, false, 50_000_000);
        return new SampleRun(start, List.copyOf(samples), result, plan(connections));
    }

    private static LoadPlan plan(int connections) {
        try {
            return new LoadPlan(new Target("localhost", 7777, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    7777)), connections, ms(2), 1500, TimeUnit.SECONDS.toNanos(3), true, 0, CloseMode.RST,
                    List.of(InetAddress.getByName("127.0.0.2")), 2);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
