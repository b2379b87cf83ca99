package dev.tcpswarm.traffic;

import java.io.IOException;

/**
 * An access log being read: a file followed as {@code tail -F} does ({@link FileFollower}), or a
 * stream such as stdin ({@link StreamSource}). Polled by the reading thread only.
 */
public interface LineSource extends AutoCloseable {
    /** The name summaries and alerts give this source ({@code access.log}). */
    String name();

    /**
     * Hands every complete line available now to {@code sink}, up to about {@code maxBytes} of
     * them (so that several sources take turns); returns the bytes read.
     */
    long poll(LineSink sink, int maxBytes) throws IOException;

    /** Whether no line will ever come again (--no-follow at the end, or a stream closed). */
    boolean ended();

    @Override
    void close();
}
