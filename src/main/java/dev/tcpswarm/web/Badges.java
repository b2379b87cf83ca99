package dev.tcpswarm.web;

import java.util.Locale;
import java.util.Map;

/**
 * The status and uptime badges ({@code /badge/{name}/status.svg}, {@code /badge/{name}/uptime.svg}),
 * as Gatus and Uptime Kuma serve them for a README or a wiki: a flat two-part SVG, the name on the
 * left and the state or the uptime on the right. Each state has its own colour and its own word
 * (and DOWN a cross, DEGRADED a warning sign), so no one needs to tell red from green. Every text is
 * XML-escaped. Stateless; any thread.
 */
final class Badges {
    /** Each state's colour: the page's. */
    static final Map<String, String> STATE_COLOURS = Map.of("up", "#2a8a2a", "degraded", "#c77700", "down", "#c62828",
            "maintenance", "#3d5fc4", "unknown", "#7a828a");
    /** A mark beside the state's word, so that the state does not depend on its colour. */
    private static final Map<String, String> STATE_MARKS = Map.of("up", "\u2714 ", "degraded", "\u26a0 ", "down",
            "\u2716 ", "maintenance", "\u2692 ", "unknown", "? ");
    private static final String NONE = "#7a828a";
    private static final String LABEL = "#555";

    private Badges() {
    }

    /** The badge of a state: {@code web | ✔ up}. */
    static String status(String name, String state) {
        String colour = STATE_COLOURS.getOrDefault(state, NONE);
        return svg(name, STATE_MARKS.getOrDefault(state, "") + state, colour, name + ": " + state);
    }

    /** The badge of an uptime over a range: {@code web 30d | 99.95%}; a dash without probes. */
    static String uptime(String name, String range, Double uptime) {
        String value = uptime == null ? "no data" : String.format(Locale.ROOT, "%.2f%%", Math.floor(uptime * 10000) / 100);
        String colour = uptime == null ? NONE : uptime >= 0.999 ? STATE_COLOURS.get("up")
                : uptime >= 0.99 ? "#6f8f00" : uptime >= 0.95 ? STATE_COLOURS.get("degraded") : STATE_COLOURS.get("down");
        return svg(name + " uptime " + range, value, colour, name + ": uptime " + value + " over " + range);
    }

    /** A flat badge; widths from a per-character estimate of 11 px Verdana, as shields.io does. */
    private static String svg(String label, String value, String colour, String title) {
        int left = textWidth(label) + 12;
        int right = textWidth(value) + 12;
        int width = left + right;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + xml(title) + "\">"
                + "<title>" + xml(title) + "</title>"
                + "<rect width=\"" + left + "\" height=\"20\" fill=\"" + LABEL + "\"/>"
                + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + colour + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
                + "<text x=\"6\" y=\"14\">" + xml(label) + "</text>"
                + "<text x=\"" + (left + 6) + "\" y=\"14\">" + xml(value) + "</text>"
                + "</g></svg>\n";
    }

    private static int textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            w += c == 'i' || c == 'l' || c == '.' || c == ' ' || c == '|' ? 3.5 : Character.isUpperCase(c) || c == 'm'
                    || c == 'w' || c == '%' ? 9 : c > 0x2000 ? 11 : 7;
        }
        return (int) Math.ceil(w);
    }

    /** Text for XML: the five special characters escaped, characters XML 1.0 forbids replaced. */
    static String xml(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                            || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
                    b.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return b.toString();
    }
}
