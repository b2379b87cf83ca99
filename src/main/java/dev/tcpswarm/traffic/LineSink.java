package dev.tcpswarm.traffic;

/** Where a {@link LineSource} hands its complete lines. Called on the reading thread. */
public interface LineSink {
    /** A complete line, without its newline (and without a trailing CR); {@code number} counts from 1 per file. */
    void line(String text, long number);

    /** A line longer than {@link LineSplitter#MAX_LINE_BYTES}: not kept, only its length. */
    void tooLong(long number, long bytes);
}
