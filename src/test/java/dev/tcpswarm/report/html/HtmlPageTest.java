package dev.tcpswarm.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page itself, as bytes: its data cannot end the element it stands in, the chart library is
 * inlined from the WebJar (nothing is fetched), and the Content-Security-Policy allows exactly the
 * page's own scripts and style sheet. What a browser makes of it is HtmlReportTest's part.
 */
class HtmlPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "</script><script>alert(1)</script><!-- & --> </SCRIPT \u2028 '\"";
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"" + HtmlPage.DATA_ELEMENT_ID + "\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static ObjectNode hostileData() {
        ObjectNode data = JSON.createObjectNode();
        data.put("name", HOSTILE);
        data.putArray("command_line").add("tcpswarm").add(HOSTILE);
        data.putObject(HOSTILE).put("nested", 1.5);
        return data;
    }

    @Test
    void noValueCanEndTheDataBlockAndTheBrowserReadsItBackUnchanged() throws Exception {
        ObjectNode data = hostileData();
        String page = HtmlPage.render(HtmlPage.Kind.RUN, data);
        assertEquals(4, count(page.toLowerCase(java.util.Locale.ROOT), "</script"),
                "the data block's and the three scripts' own ends, nothing else");
        assertFalse(page.contains("<!--"), "no comment opened");
        Matcher m = DATA.matcher(page);
        assertTrue(m.find());
        String block = m.group(1);
        assertFalse(block.contains("<") || block.contains(">") || block.contains("&"), block);
        assertEquals(data, JSON.readTree(block), "JSON.parse reads the same values back");
    }

    @Test
    void theCspAllowsExactlyThePagesOwnScriptsAndStyleAndNoEval() throws Exception {
        String page = HtmlPage.render(HtmlPage.Kind.RAMP, hostileData());
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertTrue(csp.find(), "a Content-Security-Policy");
        String policy = csp.group(1);
        assertTrue(policy.startsWith("default-src 'none'; "), policy);
        assertFalse(policy.contains("unsafe"), "neither unsafe-inline nor unsafe-eval: " + policy);

        List<String> scriptHashes = new ArrayList<>();
        Matcher scripts = SCRIPT.matcher(page);
        while (scripts.find()) {
            scriptHashes.add("'sha256-" + sha256(scripts.group(1)) + "'");
        }
        assertEquals(3, scriptHashes.size(), "uPlot, charts.js, the page's script");
        assertTrue(policy.contains("script-src " + String.join(" ", scriptHashes) + ";"), policy);
        Matcher style = STYLE.matcher(page);
        assertTrue(style.find());
        assertTrue(policy.contains("style-src 'sha256-" + sha256(style.group(1)) + "'"), policy);
        assertFalse(style.find(), "one style sheet");
    }

    @Test
    void theChartLibraryIsInlinedFromTheWebJarAndNothingIsFetched() throws Exception {
        Path file = dir.resolve("page.html");
        HtmlPage.write(HtmlPage.Kind.RUN, hostileData(), file);
        String page = Files.readString(file);
        assertTrue(WebAssets.uplotVersion().matches("\\d+\\.\\d+\\.\\d+"), WebAssets.uplotVersion());
        assertTrue(WebAssets.uplotScript().length() > 10_000, "uPlot's minified build");
        assertTrue(page.contains("<script>" + WebAssets.uplotScript() + "</script>"), "uPlot inlined as it is");
        assertTrue(page.contains(WebAssets.uplotStyle()), "uPlot's style sheet inlined");
        assertFalse(Pattern.compile("<(script|img|link|iframe)[^>]*(src|href)=", Pattern.CASE_INSENSITIVE)
                .matcher(page).find(), "nothing loaded from anywhere");
        assertTrue(page.endsWith("</html>\n"));
        assertEquals(List.of("page.html"), List.of(dir.toFile().list()), "written atomically: no temporary file left");
    }

    @Test
    void ourScriptsNeitherEvaluateNorWriteMarkup() {
        for (String name : List.of("charts.js", "run-report.js", "ramp-report.js")) {
            String js = WebAssets.own(name);
            for (String banned : List.of("eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "setTimeout('", "setInterval('")) {
                assertFalse(js.contains(banned), name + " uses " + banned);
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String sha256(String s) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
