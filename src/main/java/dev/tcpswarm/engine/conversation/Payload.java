package dev.tcpswarm.engine.conversation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code send} step writes: a string with the escapes {@code \r}, {@code \n}, {@code \t},
 * {@code \0}, {@code \\} and {@code \xHH}, or {@code hex: 2a 31 0d 0a} (spaces and colons between the
 * bytes are ignored); either may use an earlier expect's capture groups as {@code ${1}} (as
 * {@code $$} writes a dollar). Characters above U+00FF are written in UTF-8. Parsed once, with a
 * one-line error for bad input; immutable, so shared by every connection of a run or service.
 */
public final class Payload {
    private final String text;
    /** Literal bytes ({@code byte[]}) and capture references ({@code Integer}), in order. */
    private final List<Object> parts;
    private final boolean usesCaptures;

    private Payload(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.usesCaptures = parts.stream().anyMatch(p -> p instanceof Integer);
    }

    /** Parses {@code text} as written in a config or on the command line. */
    public static Payload parse(String text) {
        String trimmed = text.strip();
        if (trimmed.regionMatches(true, 0, "hex:", 0, 4)) {
            return hex(text, trimmed.substring(4));
        }
        List<Object> parts = new ArrayList<>();
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException("'" + text + "' ends in a lone backslash: write \\\\ for one");
                }
                char e = text.charAt(++i);
                switch (e) {
                    case 'r' -> literal.write('\r');
                    case 'n' -> literal.write('\n');
                    case 't' -> literal.write('\t');
                    case '0' -> literal.write(0);
                    case '\\' -> literal.write('\\');
                    case '$' -> literal.write('$');
                    case 'x' -> {
                        int v = hexByte(text, i + 1);
                        if (v < 0) {
                            throw badHex(text);
                        }
                        literal.write(v);
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("'" + text + "' has the unknown escape \\" + e
                            + ": use \\r, \\n, \\t, \\0, \\\\ or \\xHH");
                }
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.write('$');
                i++;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i);
                String number = close < 0 ? "" : text.substring(i + 2, close);
                if (!number.matches("[0-9]{1,2}")) {
                    throw new IllegalArgumentException("'" + text + "' has a bad capture reference: write ${1} for the"
                            + " first group of the last expect's match");
                }
                flush(literal, parts);
                parts.add(Integer.parseInt(number));
                i = close;
            } else {
                byte[] b = c <= 0xff ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                literal.writeBytes(b);
            }
        }
        flush(literal, parts);
        return new Payload(text, parts);
    }

    /** Raw bytes, as they are (a file's content, {@code --send-file}). */
    public static Payload of(byte[] bytes) {
        return new Payload("(" + bytes.length + " bytes)", List.of(bytes.clone()));
    }

    private static Payload hex(String text, String digits) {
        String clean = digits.replaceAll("[\\s:]", "");
        if (clean.length() % 2 != 0 || !clean.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("'" + text + "' is not hex: write pairs of hex digits, e.g. hex: 2a 31 0d 0a");
        }
        byte[] b = new byte[clean.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return new Payload(text, List.of(b));
    }

    private static int hexByte(String text, int at) {
        if (at + 2 > text.length()) {
            return -1;
        }
        int hi = Character.digit(text.charAt(at), 16);
        int lo = Character.digit(text.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static IllegalArgumentException badHex(String text) {
        return new IllegalArgumentException("'" + text + "' has a \\x escape without two hex digits: write \\x0d");
    }

    private static void flush(ByteArrayOutputStream literal, List<Object> parts) {
        if (literal.size() > 0) {
            parts.add(literal.toByteArray());
            literal.reset();
        }
    }

    /**
     * The bytes to write, with {@code captures} (group 0 first, as ISO-8859-1 text: one char per
     * byte) in place of the references; a reference to a group that did not match writes nothing.
     */
    public byte[] bytes(List<String> captures) {
        if (parts.size() == 1 && parts.get(0) instanceof byte[] only) {
            return only;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                int group = (Integer) p;
                if (group < captures.size() && captures.get(group) != null) {
                    out.writeBytes(captures.get(group).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return out.toByteArray();
    }

    /** The bytes, when it uses no capture (else with none). */
    public byte[] bytes() {
        return bytes(List.of());
    }

    /** True when it refers to a capture group ({@code ${1}}). */
    public boolean usesCaptures() {
        return usesCaptures;
    }

    /** As written. */
    public String text() {
        return text;
    }

    /**
     * Equal when it writes the same: the same bytes and capture references, in order (so a config
     * read again gives an equal conversation, and a reload keeps the service's state).
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Payload p) || p.parts.size() != parts.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            Object a = parts.get(i);
            Object b = p.parts.get(i);
            boolean same = a instanceof byte[] x ? b instanceof byte[] y && java.util.Arrays.equals(x, y) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Object part : parts) {
            h = 31 * h + (part instanceof byte[] b ? java.util.Arrays.hashCode(b) : part.hashCode());
        }
        return h;
    }

    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT).startsWith("hex:") ? text : ShownBytes.quote(bytes(), 80);
    }
}
