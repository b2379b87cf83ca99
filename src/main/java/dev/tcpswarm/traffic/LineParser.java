package dev.tcpswarm.traffic;

/**
 * Reads one access-log line of one format. A parser may keep state from the lines it has seen (the
 * CSV header's column order), so each source has its own. Touched by the reading thread only.
 */
public interface LineParser {
    /**
     * The request on {@code line} (without its newline), or null for a line that holds none (a
     * header, a blank line).
     *
     * @throws MalformedLineException when the line is not of this format
     */
    Request parse(String line) throws MalformedLineException;

    /** The format's name for messages and banners ({@code combined}, {@code csv}). */
    String formatName();
}
