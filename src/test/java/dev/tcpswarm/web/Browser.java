package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A person looking at a page: Debian's headless Chromium driven through Selenium (chromedriver from
 * Debian's {@code chromium-driver}, never one downloaded at run time), with the flags a sandbox as
 * root needs and a fresh profile. It reads what the person would see: console errors, whether each
 * chart's canvas was drawn, the figures on the page, and a screenshot saved under
 * {@code target/screenshots/}. Start one per test class and close it after the class.
 *
 * <p>Where Chromium or chromedriver is missing the test is skipped, except in CI ({@code CI} set),
 * where it fails: .ci/run installs both.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WIDTH = 1280;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Selenium warns that it has no DevTools support for this Chromium's version: the tests use
     * WebDriver only. Held here so the setting is not collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.OFF);
    }

    /** What a canvas holds: its size, how many pixels were painted, and how many of those have a colour (not grey). */
    public record Canvas(String caption, long width, long height, long painted, long coloured) {
    }

    /** A figure on the page bound to the result: the JSON pointer it shows, its scale, and the text a person reads. */
    public record Figure(String field, double scale, String text) {
    }

    private final ChromeDriver driver;
    private final Path profile;
    /** The window's width, as a person's screen: 1280 px unless a test chose another (a phone's 390). */
    private int width = WIDTH;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts headless Chromium (skipped, or failed in CI, where it is not installed). */
    public static Browser start() throws IOException {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                String why = tool + " is missing (Debian packages chromium and chromium-driver; .ci/run installs them)";
                if (System.getenv("CI") != null) {
                    fail("the browser tests need it in CI: " + why);
                }
                Assumptions.abort(why);
            }
        }
        Path profile = Files.createTempDirectory("tcpswarm-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()) // so Selenium Manager never looks for (or fetches) one
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /** Opens a local file, as a person opening it from a file manager would (file://, offline). */
    public Browser open(Path file) {
        return open(file.toAbsolutePath().toUri());
    }

    public Browser open(URI uri) {
        driver.manage().window().setSize(new Dimension(width, 900));
        driver.get(uri.toString());
        return this;
    }

    /** Sets the window's width (the page sees it at once, as a resized window) for what follows. */
    public Browser width(int pixels) {
        width = pixels;
        driver.manage().window().setSize(new Dimension(width, 900));
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Runs a script in the page (the test's, never the page's own) and returns its result. */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The console's errors since the last call: uncaught exceptions, console.error, blocked scripts. */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** Asserts that the page raised no console error and opened no dialog (an alert would be injected script). */
    public void assertNoErrors() {
        try {
            String text = driver.switchTo().alert().getText();
            fail("the page opened a dialog: " + text);
        } catch (NoAlertPresentException expected) {
            // no dialog
        }
        assertEquals(List.of(), consoleErrors(), "console errors");
    }

    /** Every canvas on the page, read back pixel by pixel. */
    @SuppressWarnings("unchecked")
    public List<Canvas> canvases() {
        List<Map<String, Object>> read = (List<Map<String, Object>>) script(
                "return Array.from(document.querySelectorAll('canvas')).map(function (c) {"
                + "  var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "  var painted = 0, coloured = 0;"
                + "  for (var i = 0; i < px.length; i += 4) {"
                + "    if (px[i + 3] === 0) { continue; }"
                + "    painted++;"
                + "    var hi = Math.max(px[i], px[i + 1], px[i + 2]), lo = Math.min(px[i], px[i + 1], px[i + 2]);"
                + "    if (hi - lo >= 60 && px[i + 3] >= 128) { coloured++; }"
                + "  }"
                + "  var fig = c.closest('figure'), cap = fig && fig.querySelector('figcaption');"
                + "  return {caption: cap ? cap.textContent : '', width: c.width, height: c.height,"
                + "          painted: painted, coloured: coloured};"
                + "});");
        List<Canvas> canvases = new ArrayList<>();
        for (Map<String, Object> c : read) {
            canvases.add(new Canvas((String) c.get("caption"), ((Number) c.get("width")).longValue(),
                    ((Number) c.get("height")).longValue(), ((Number) c.get("painted")).longValue(),
                    ((Number) c.get("coloured")).longValue()));
        }
        return canvases;
    }

    /**
     * Asserts that the page has these charts, in order (by caption), and that each canvas was drawn
     * with at least {@code minColouredPixels} pixels of a series' colour (axes and grid are grey, so
     * a chart whose lines were not drawn fails).
     */
    public void assertChartsDrawn(List<String> captions, long minColouredPixels) {
        List<Canvas> canvases = canvases();
        assertEquals(captions, canvases.stream().map(Canvas::caption).collect(Collectors.toList()), "the charts");
        for (Canvas c : canvases) {
            assertTrue(c.width() > 0 && c.height() > 0, "canvas has a size: " + c);
            assertTrue(c.painted() > 0, "canvas is blank: " + c);
            assertTrue(c.coloured() >= minColouredPixels, "canvas has no series drawn: " + c);
        }
    }

    /** The page's data block (the JSON it was written with), parsed. */
    public JsonNode pageData(String elementId) {
        String text = (String) script("return document.getElementById(arguments[0]).textContent;", elementId);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the first element matching a CSS selector, as shown. */
    public String text(String cssSelector) {
        return (String) script("var e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                cssSelector);
    }

    /** Every figure bound to the result ({@code data-field}), as the page shows it. */
    public List<Figure> figures() {
        return figures("field");
    }

    /** Every figure bound by {@code data-NAME} (field: to the result; logField: to api/logs), as the page shows it. */
    @SuppressWarnings("unchecked")
    public List<Figure> figures(String datasetName) {
        List<Map<String, Object>> read = (List<Map<String, Object>>) script(
                "var n = arguments[0]; return Array.from(document.querySelectorAll('*')).filter(function (e) {"
                + "  return e.dataset && e.dataset[n] !== undefined; }).map(function (e) {"
                + "  return {field: e.dataset[n], scale: e.dataset.scale || '1', text: e.textContent};"
                + "});", datasetName);
        List<Figure> figures = new ArrayList<>();
        for (Map<String, Object> f : read) {
            figures.add(new Figure((String) f.get("field"), Double.parseDouble((String) f.get("scale")),
                    (String) f.get("text")));
        }
        return figures;
    }

    /** How a page may show a boolean: true first. */
    private static final List<List<String>> BOOLEAN_WORDS = List.of(List.of("PASS", "FAIL"), List.of("yes", "no"),
            List.of("true", "false"));

    /** A time shown to the millisecond in UTC, as charts.js shows an ISO-8601 instant. */
    private static final Pattern SHOWN_INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC");

    private static final Pattern SHOWN_NUMBER = Pattern.compile("-?[0-9][0-9,]*(?:\\.([0-9]+))?(%?)");

    /**
     * Asserts that every figure on the page says what {@code result} says at its pointer: a number
     * equal to the shown precision (a percentage as a fraction, a scaled one after scaling), a
     * string to the letter (a time to the millisecond), PASS/FAIL (or yes/no, true/false) for a
     * boolean, a dash for null; and that the page shows every
     * pointer in {@code mustShow}.
     */
    public void assertFiguresEqual(JsonNode result, List<String> mustShow) {
        assertFiguresEqual(result, mustShow, "field");
    }

    /** As {@link #assertFiguresEqual(JsonNode, List)}, for the figures bound by {@code data-NAME}. */
    public void assertFiguresEqual(JsonNode result, List<String> mustShow, String datasetName) {
        List<Figure> figures = figures(datasetName);
        assertFalse(figures.isEmpty(), "no figure on the page");
        for (Figure f : figures) {
            JsonNode expected = result.at(f.field());
            assertFalse(expected.isMissingNode(), "the page shows " + f.field() + ", which the result does not have");
            String shown = f.text().trim();
            if (expected.isNull()) {
                assertEquals("–", shown, f.field());
            } else if (expected.isBoolean()) {
                List<String> pair = BOOLEAN_WORDS.stream().filter(p -> p.contains(shown)).findFirst()
                        .orElseThrow(() -> new AssertionError(f.field() + " shows '" + shown + "' for a boolean"));
                assertEquals(pair.get(expected.booleanValue() ? 0 : 1), shown, f.field());
            } else if (expected.isTextual() && SHOWN_INSTANT.matcher(shown).matches()) {
                Instant want = Instant.parse(expected.textValue());
                Instant seen = Instant.parse(shown.replace(" UTC", "Z").replace(' ', 'T'));
                assertTrue(Math.abs(Duration.between(want, seen).toNanos()) < 1_000_000,
                        f.field() + " shows " + shown + " but the result says " + expected.textValue());
            } else if (expected.isTextual()) {
                assertEquals(expected.textValue(), shown, f.field());
            } else if (expected.isNumber()) {
                Matcher m = SHOWN_NUMBER.matcher(shown);
                assertTrue(m.matches(), f.field() + " shows '" + shown + "', not a number");
                int decimals = m.group(1) == null ? 0 : m.group(1).length();
                double value = Double.parseDouble(shown.replace(",", "").replace("%", ""));
                double want = expected.doubleValue() / f.scale() * (m.group(2).isEmpty() ? 1 : 100);
                double tolerance = 0.5 * Math.pow(10, -decimals) + 1e-9 * Math.abs(want);
                assertTrue(Math.abs(value - want) <= tolerance, f.field() + " shows " + shown + " but the result says "
                        + expected + (f.scale() != 1 ? " (scale " + f.scale() + ")" : ""));
            } else {
                fail(f.field() + " is bound to a " + expected.getNodeType() + ": " + expected);
            }
        }
        List<String> shownFields = figures.stream().map(Figure::field).collect(Collectors.toList());
        for (String pointer : mustShow) {
            assertTrue(shownFields.contains(pointer), "the page does not show " + pointer);
        }
    }

    /**
     * Every element of the page that runs past its parent's box, or whose content runs past its own
     * (text that does not wrap), as "tag.class: why"; empty when everything fits.
     */
    @SuppressWarnings("unchecked")
    public List<String> overflows() {
        return (List<String>) script("""
                var out = [];
                var all = document.querySelectorAll('main *');
                for (var i = 0; i < all.length; i++) {
                  var e = all[i], p = e.parentElement;
                  var r = e.getBoundingClientRect(), q = p.getBoundingClientRect();
                  if (r.width === 0 && r.height === 0) { continue; }
                  var name = e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
                      ? '.' + String(e.className).split(' ').join('.') : '');
                  if (r.left < q.left - 0.5 || r.right > q.right + 0.5) {
                    out.push(name + ': ' + r.left.toFixed(1) + '..' + r.right.toFixed(1) + ' in ' + q.left.toFixed(1)
                        + '..' + q.right.toFixed(1));
                  }
                  if (e.tagName !== 'CANVAS' && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline') {
                    out.push(name + ': content ' + e.scrollWidth + ' px in ' + e.clientWidth + ' px');
                  }
                }
                var d = document.documentElement;
                if (d.scrollWidth > window.innerWidth) { out.push('the page: ' + d.scrollWidth + ' px'); }
                return out.slice(0, 20);
                """);
    }

    /** A screenshot of the whole page, at {@code target/screenshots/NAME.png}; returns its path. */
    public Path screenshot(String name) throws IOException {
        return screenshot(name, WIDTH);
    }

    /**
     * A screenshot of the whole page laid out {@code width} CSS pixels wide (390 a phone's, 1400 a
     * laptop's), at {@code target/screenshots/NAME.png}; the window is back at its usual width after.
     */
    public Path screenshot(String name, int width) throws IOException {
        setWidth(width);
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(16_000, Math.max(600, height))));
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(width, 900));
        return file;
    }

    /** Lays the page out {@code width} CSS pixels wide, as a window that size would (the page's resize handlers run). */
    public Browser setWidth(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        long inner = ((Number) script("return window.innerWidth;")).longValue();
        if (inner != width) { // the window's frame: size it so that the page gets exactly this width
            driver.manage().window().setSize(new Dimension((int) (2 * width - inner), 900));
        }
        script("window.dispatchEvent(new Event('resize'));");
        return this;
    }

    /**
     * Every element of the page that runs past its container, as a person sees it: its box wider than
     * its parent's, or the page wider than the window. An element inside a box that scrolls
     * sideways (a wide table in its wrapper) is that box's business: the box itself is measured.
     * Empty when everything fits.
     */
    @SuppressWarnings("unchecked")
    public List<String> overflowing() {
        return (List<String>) script(
                "var out = [];"
                + "var view = document.documentElement.clientWidth;"
                + "if (document.documentElement.scrollWidth > view + 1) {"
                + "  out.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + view + ' px window');"
                + "}"
                + "var name = function (e) { return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                + "    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : ''); };"
                + "var scrolls = function (e) { var o = getComputedStyle(e).overflowX; return o === 'auto' || o === 'scroll'"
                + "    || o === 'hidden'; };"
                + "document.querySelectorAll('body *').forEach(function (e) {"
                + "  for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {"
                + "    if (scrolls(a)) { return; }"
                + "  }"
                + "  var r = e.getBoundingClientRect();"
                + "  if (r.width === 0 || r.height === 0 || !e.parentElement) { return; }"
                + "  var p = e.parentElement.getBoundingClientRect();"
                + "  if (r.right > p.right + 1 || r.left < p.left - 1 || r.right > view + 1) {"
                + "    var cap = e.closest('figure, section, table');"
                + "    out.push(name(e) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + ') runs past '"
                + "        + name(e.parentElement) + ' (' + Math.round(p.left) + '..' + Math.round(p.right) + ')'"
                + "        + (cap ? ' in ' + name(cap) + ': ' + cap.textContent.substring(0, 60) : ''));"
                + "  }"
                + "});"
                + "return out;");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
