package dev.tcpswarm.report.html;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tcpswarm.report.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page: the chart library, tcpswarm's chart layer ({@code charts.js}) and
 * the page's own script inlined, and its data as one JSON block. The page's markup holds no text
 * from a run: every name and figure reaches the page as JSON, which the scripts put into the
 * document as text (never as markup). The JSON is escaped so that no value can end its script
 * element, and a Content-Security-Policy allows only the page's own inline scripts (by hash), so
 * nothing injected, loaded or evaluated can run. Opens from {@code file://} with no network.
 * Stateless; any thread.
 */
public final class HtmlPage {
    /** Where the page's data is, for its scripts: {@code TcpSwarmCharts.data()} reads it. */
    public static final String DATA_ELEMENT_ID = "tcpswarm-data";

    /** The pages tcpswarm writes: each a title and the script that builds it from the data. */
    public enum Kind {
        RUN("tcpswarm run report", "run-report.js"),
        RAMP("tcpswarm ramp report", "ramp-report.js");

        private final String title;
        private final String script;

        Kind(String title, String script) {
            this.title = title;
            this.script = script;
        }
    }

    private static final ObjectWriter DATA_WRITER = JsonMapper.builder().build().writer()
            .with(new ScriptSafeEscapes());

    private HtmlPage() {
    }

    /** The page for {@code data}. */
    public static String render(Kind kind, JsonNode data) {
        String style = WebAssets.uplotStyle() + "\n" + WebAssets.own("report.css");
        List<String> scripts = List.of(WebAssets.uplotScript(), WebAssets.own("charts.js"), WebAssets.own(kind.script));
        checkEmbeddable(style, "</style");
        scripts.forEach(s -> checkEmbeddable(s, "</script"));
        List<String> scriptHashes = new ArrayList<>();
        scripts.forEach(s -> scriptHashes.add("'" + sha256(s) + "'"));
        StringBuilder page = new StringBuilder(style.length() + 64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(String.join(" ", scriptHashes)).append("; style-src '").append(sha256(style))
                .append("'; img-src data:\">\n")
                .append("<meta name=\"generator\" content=\"tcpswarm (charts: uPlot ").append(WebAssets.uplotVersion())
                .append(")\">\n")
                .append("<title>").append(kind.title).append("</title>\n")
                .append("<style>").append(style).append("</style>\n</head>\n<body>\n")
                .append("<noscript><p>This report builds its tables and charts with JavaScript: open it in a browser "
                        + "with scripts allowed for local files.</p></noscript>\n")
                .append("<main id=\"report\"></main>\n")
                .append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
                .append(dataJson(data)).append("</script>\n");
        for (String script : scripts) {
            page.append("<script>").append(script).append("</script>\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }

    /** Writes the page to {@code target}, atomically. */
    public static void write(Kind kind, JsonNode data, Path target) throws IOException {
        byte[] page = render(kind, data).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(target, out -> out.write(page));
    }

    /**
     * {@code data} as JSON that can stand inside a script element: {@code <}, {@code >} and
     * {@code &} are written as {@code \u003C} and so on, so no value can close the element or open
     * a comment; {@code JSON.parse} reads them back as they were.
     */
    static String dataJson(JsonNode data) {
        try {
            return DATA_WRITER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the page's data", e);
        }
    }

    /** A script or style sheet of ours or the library's that would end its element early is a build error. */
    private static void checkEmbeddable(String content, String closing) {
        String lower = content.toLowerCase(Locale.ROOT);
        if (lower.contains(closing) || lower.contains("<!--")) {
            throw new IllegalStateException("a page asset contains " + closing + " or <!--: it cannot be inlined");
        }
    }

    /** The Content-Security-Policy source for an inline element with this content. */
    private static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jackson's JSON escapes, plus the characters that mean something to an HTML parser. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        ScriptSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
