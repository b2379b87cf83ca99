package dev.tcpswarm.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with placeholders ({@code {alert}}, {@code {reason}}, ...), filled in from a notice in one
 * pass: each placeholder is replaced once, and what it is replaced with is never looked at again (a
 * service named {@code n {state}} stays {@code n {state}}). In a JSON body every value is
 * JSON-escaped. No expressions, nothing evaluated. Parsed once when the config is read; immutable.
 */
public final class BodyTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The placeholders, each with what it is filled in with. */
    private static final Map<String, Function<AlertNotice, String>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("alert", AlertNotice::alert);
        VALUES.put("target", AlertNotice::target);
        VALUES.put("service", AlertNotice::target);
        VALUES.put("state", AlertNotice::stateWord);
        VALUES.put("reason", AlertNotice::reason);
        VALUES.put("event", n -> n.kind().key());
        VALUES.put("time", AlertNotice::at);
        VALUES.put("since", AlertNotice::since);
        VALUES.put("value", AlertNotice::value);
        VALUES.put("labels", AlertNotice::labelText);
        VALUES.put("link", AlertNotice::link);
    }

    /** The known placeholders, in braces, for messages and docs. */
    public static final List<String> PLACEHOLDERS = VALUES.keySet().stream().map(k -> "{" + k + "}").toList();

    private final List<String> literals;
    private final List<Function<AlertNotice, String>> holes;
    private final boolean json;

    private BodyTemplate(List<String> literals, List<Function<AlertNotice, String>> holes, boolean json) {
        this.literals = literals;
        this.holes = holes;
        this.json = json;
    }

    /**
     * Parses {@code text}; with {@code json}, the values are JSON-escaped and the filled-in body must be
     * valid JSON.
     *
     * @throws IllegalArgumentException naming an unknown placeholder, or saying why the body is not JSON
     */
    public static BodyTemplate parse(String text, boolean json) {
        List<String> literals = new ArrayList<>();
        List<Function<AlertNotice, String>> holes = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int from = 0;
        while (m.find()) {
            Function<AlertNotice, String> value = VALUES.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder " + m.group() + " (known: "
                        + String.join(", ", PLACEHOLDERS) + ")");
            }
            literals.add(text.substring(from, m.start()));
            holes.add(value);
            from = m.end();
        }
        literals.add(text.substring(from));
        BodyTemplate t = new BodyTemplate(List.copyOf(literals), List.copyOf(holes), json);
        if (json) {
            t.requireJson();
        }
        return t;
    }

    /** The text with every placeholder filled in from {@code notice}. */
    public String fill(AlertNotice notice) {
        StringBuilder b = new StringBuilder(literals.get(0));
        for (int i = 0; i < holes.size(); i++) {
            String v = holes.get(i).apply(notice);
            b.append(json ? new String(JsonStringEncoder.getInstance().quoteAsString(v)) : v);
            b.append(literals.get(i + 1));
        }
        return b.toString();
    }

    /** Fills the body with awkward values (quotes, backslashes, new lines, braces) and parses it. */
    private void requireJson() {
        AlertNotice sample = new AlertNotice(AlertNotice.Kind.FIRING, "a\"lert", "t\\arget {state}", false, "down",
                "line one\nline \"two\"", Map.of("env", "p\"rod"), 1, 2, "1 ms", "http://127.0.0.1/");
        try {
            JSON.readTree(fill(sample));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON once its placeholders are filled in ("
                    + e.getOriginalMessage().toLowerCase(Locale.ROOT).split("\n")[0] + "): put each placeholder "
                    + "inside a JSON string, e.g. \"text\": \"{reason}\"");
        }
    }
}
