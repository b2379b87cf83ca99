package dev.tcpswarm.engine;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a load connection's expected answers ({@code --expect}) in the bytes it receives, read as
 * ISO-8859-1 (one character per byte): each match of the pattern in the bytes received since the
 * last match is one answer (an empty match too, once), and what follows the last match is kept for
 * the next read, up to {@link #MAX_UNMATCHED} bytes (the oldest go beyond that; a fixed string keeps
 * only the bytes that could begin it). A pattern that stands for one fixed
 * byte string (tcpkali's latency marker: {@code \n}, {@code PONG\r\n}) is searched for as bytes,
 * without the regular-expression engine; any other runs through one {@link Matcher} kept for the
 * connection. Both give the same answers for the same bytes, however they are split into reads.
 *
 * <p>Threads: one per connection, used on its event loop only.
 */
final class AnswerScanner {
    /** Bytes kept while no answer matches: the oldest go beyond this. */
    static final int MAX_UNMATCHED = 64 * 1024;

    /** The pattern's fixed bytes when it has them; else null, and {@link #matcher} is used. */
    private final byte[] literal;
    private final Matcher matcher;
    /** The bytes received since the last match: {@code held[0, length)}. */
    private byte[] held = new byte[256];
    private int length;
    private final CharSequence heldChars = new CharSequence() {
        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) (held[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(held, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(held, 0, length, StandardCharsets.ISO_8859_1);
        }
    };

    AnswerScanner(Pattern expect) {
        this.literal = literalOf(expect);
        this.matcher = literal == null ? expect.matcher(heldChars) : null;
    }

    /** Whether the pattern is searched for as fixed bytes (for tests). */
    boolean searchesBytes() {
        return literal != null;
    }

    /** The answers among the bytes readable in {@code in} (not consumed), with those held from before. */
    int answers(ByteBuf in) {
        int n = in.readableBytes();
        if (length + n > held.length) {
            held = Arrays.copyOf(held, Math.max(length + n, held.length * 2));
        }
        in.getBytes(in.readerIndex(), held, length, n);
        int from = literal == null ? 0 : Math.max(0, length - literal.length + 1);
        length += n;
        int found = 0;
        int consumed = 0;
        if (literal != null) {
            for (int at; (at = indexOf(from)) >= 0; from = consumed) {
                consumed = at + literal.length;
                found++;
            }
        } else {
            while (consumed < length && matcher.find(consumed)) {
                int end = matcher.end();
                // an empty match is one answer, and the search goes on one byte past it
                consumed = end > matcher.start() ? end : Math.min(end + 1, length);
                found++;
            }
        }
        // a fixed string's next match can only begin in its last length - 1 bytes
        int keep = Math.min(length - consumed, literal != null ? literal.length - 1 : MAX_UNMATCHED);
        System.arraycopy(held, length - keep, held, 0, keep);
        length = keep;
        if (held.length > 4 * MAX_UNMATCHED) {
            held = Arrays.copyOf(held, Math.max(keep, MAX_UNMATCHED)); // a burst made it big: give the memory back
        }
        return found;
    }

    /** The connection is gone: the bytes held are let go. */
    void release() {
        held = new byte[0];
        length = 0;
    }

    private int indexOf(int from) {
        byte[] l = literal;
        byte first = l[0];
        for (int i = from, last = length - l.length; i <= last; i++) {
            if (held[i] != first) {
                continue;
            }
            int k = 1;
            while (k < l.length && held[i + k] == l[k]) {
                k++;
            }
            if (k == l.length) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The bytes {@code p} stands for when it matches one fixed string of one or more characters up
     * to U+00FF and nothing else: ordinary characters, the escapes {@code \t \n \r \f \a \e}, {@code
     * \xhh}, {@code \x{h...}}, <code>&#92;uhhhh</code>, {@code \0ooo}, a backslash before a character that is
     * not a letter or a digit, and {@code \Q...\E}; no flags. Null for anything else (a class, a
     * quantifier, an anchor, an alternation, a group), which the matcher then handles.
     */
    static byte[] literalOf(Pattern p) {
        if (p.flags() != 0) {
            return null;
        }
        String s = p.pattern();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i++);
            if ("^$.|?*+()[]{}".indexOf(c) >= 0) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i == s.length()) {
                return null;
            }
            char e = s.charAt(i++);
            int code;
            switch (e) {
                case 't' -> code = '\t';
                case 'n' -> code = '\n';
                case 'r' -> code = '\r';
                case 'f' -> code = '\f';
                case 'a' -> code = 7;
                case 'e' -> code = 27;
                case 'x' -> {
                    int close = i < s.length() && s.charAt(i) == '{' ? s.indexOf('}', i) : -1;
                    String hex = close > 0 ? s.substring(i + 1, close) : s.substring(i, Math.min(i + 2, s.length()));
                    code = hex(hex, close > 0 ? 8 : 2);
                    i = close > 0 ? close + 1 : i + 2;
                }
                case 'u' -> {
                    code = hex(s.substring(i, Math.min(i + 4, s.length())), 4);
                    i += 4;
                }
                case '0' -> {
                    int end = i;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    code = end == i ? -1 : Integer.parseInt(s.substring(i, end), 8);
                    i = end;
                }
                case 'Q' -> {
                    int end = s.indexOf("\\E", i);
                    out.append(s, i, end < 0 ? s.length() : end);
                    i = end < 0 ? s.length() : end + 2;
                    continue;
                }
                default -> code = Character.isLetterOrDigit(e) ? -1 : e;
            }
            if (code < 0) {
                return null;
            }
            out.append((char) code);
        }
        if (out.length() == 0 || out.chars().anyMatch(ch -> ch > 0xff)) {
            return null;
        }
        String fixed = out.toString();
        // The pattern must match exactly these characters, as a check on the reading above.
        return p.matcher(fixed).matches() ? fixed.getBytes(StandardCharsets.ISO_8859_1) : null;
    }

    private static int hex(String digits, int maxDigits) {
        if (digits.isEmpty() || digits.length() > maxDigits || (maxDigits != 8 && digits.length() != maxDigits)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(digits, 16);
            return v > 0xff ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
