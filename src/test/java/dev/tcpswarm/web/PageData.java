package dev.tcpswarm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A page's data block read straight from its file, without a browser: for tests that check a file, not a look. */
public final class PageData {
    private static final Pattern BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"tcpswarm-data\">(.*?)</script>", Pattern.DOTALL);

    private PageData() {
    }

    /** The JSON in {@code html}'s data block; fails when the page is incomplete or has none. */
    public static JsonNode read(Path html) throws IOException {
        String page = Files.readString(html);
        if (!page.endsWith("</html>\n")) {
            throw new AssertionError(html + " is not a complete page");
        }
        Matcher m = BLOCK.matcher(page);
        if (!m.find()) {
            throw new AssertionError(html + " has no data block");
        }
        return new ObjectMapper().readTree(m.group(1));
    }
}
