package dev.tcpswarm.engine.conversation;

import java.nio.charset.StandardCharsets;

/**
 * Bytes a server sent (or a step sends) as safe one-line text for messages, logs, the store and
 * the API: printable ASCII as it is, {@code \r}, {@code \n}, {@code \t}, {@code \"} and
 * {@code \\} escaped, every other byte as {@code \xHH}; cut to a number of bytes, with
 * {@code ...} after a cut. Pure.
 */
public final class ShownBytes {
    private ShownBytes() {
    }

    /** {@code "..."}: the first {@code maxBytes} of {@code bytes}, escaped and quoted. */
    public static String quote(byte[] bytes, int maxBytes) {
        return "\"" + escape(bytes, 0, bytes.length, maxBytes) + "\"";
    }

    /** Text of one char per byte (ISO-8859-1, as the matcher sees it), quoted as {@link #quote}. */
    public static String quote(CharSequence latin1, int maxBytes) {
        return quote(latin1.toString().getBytes(StandardCharsets.ISO_8859_1), maxBytes);
    }

    /** Escaped (not quoted), at most {@code maxBytes} of {@code bytes[from, to)}, {@code ...} after a cut. */
    public static String escape(byte[] bytes, int from, int to, int maxBytes) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(to, from + maxBytes);
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        sb.append((char) b);
                    } else {
                        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", b));
                    }
                }
            }
        }
        if (end < to) {
            sb.append("...");
        }
        return sb.toString();
    }

    /**
     * The first line of {@code latin1} (up to its first CR or LF), escaped and cut to
     * {@code maxBytes}; empty for none.
     */
    public static String firstLine(CharSequence latin1, int maxBytes) {
        String s = latin1.toString();
        int end = 0;
        while (end < s.length() && s.charAt(end) != '\r' && s.charAt(end) != '\n') {
            end++;
        }
        byte[] b = s.substring(0, end).getBytes(StandardCharsets.ISO_8859_1);
        return escape(b, 0, b.length, maxBytes);
    }
}
