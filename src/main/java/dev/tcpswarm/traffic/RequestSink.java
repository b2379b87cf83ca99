package dev.tcpswarm.traffic;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The lines of one file, parsed into requests and counted in their log's traffic: what both
 * {@code tcpswarm traffic} and the monitor's {@code logs:} sources do with each line they read.
 * Called on the reading thread.
 */
final class RequestSink implements LineSink {
    private final String file;
    private final LineParser parser;
    private final SourceTraffic traffic;
    private final LongSupplier nanoClock;

    /** {@code file} names the file in the malformed-line messages ({@code access.log:12: ...}). */
    RequestSink(String file, LineParser parser, SourceTraffic traffic, LongSupplier nanoClock) {
        this.file = Objects.requireNonNull(file);
        this.parser = Objects.requireNonNull(parser);
        this.traffic = Objects.requireNonNull(traffic);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    @Override
    public void line(String text, long number) {
        Request r;
        try {
            r = parser.parse(text);
        } catch (MalformedLineException e) {
            traffic.malformed(file + ":" + number + ": " + e.getMessage());
            return;
        }
        if (r != null) {
            traffic.accept(r, nanoClock.getAsLong());
        }
    }

    @Override
    public void tooLong(long number, long bytes) {
        traffic.malformed(file + ":" + number + ": a line of " + bytes + " bytes, longer than "
                + LineSplitter.MAX_LINE_BYTES / 1024 + " KiB");
    }
}
