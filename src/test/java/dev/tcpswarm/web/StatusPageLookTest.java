package dev.tcpswarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpswarm.engine.ProbeOutcome;
import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;
import dev.tcpswarm.monitor.ProbeResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The status page judged as a person reads it at a glance, in headless Chromium at phones' 320,
 * 390 and 430 px and a desktop's 1400 px: nothing wider than its box; the chosen range is the span of the
 * axes; a monitor stopped for two minutes shows as a grey gap, not the last state carried through;
 * the timeline names a stretch's state, start, end and reason; the overall banner, the groups' members
 * not UP, the 90 days of uptime bars and the incident list; stale data greyed out when the API
 * cannot be read; and the SVG badges, parsed as XML. Screenshots at both widths are saved under
 * target/screenshots/.
 */
@Timeout(180)
class StatusPageLookTest {
    private static final int PHONE = 390;
    private static final int DESKTOP = 1400;

    static Browser browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /**
     * Two hours up, db DEGRADED and DOWN for a while, the monitor stopped for 2 minutes (no probe is
     * stored for them: the store holds what a stopped monitor leaves), then 20 minutes more.
     */
    private static long[] history(ServedMonitor s) throws InterruptedException {
        Random random = new Random(3);
        s.minutes(100, 1500, random);
        s.minutes(10, 250_000, random); // DEGRADED
        s.minutes(6, -1, random);       // DOWN
        s.minutes(4, 1500, random);
        long stoppedAt = s.clock.epochMillis();
        s.clock.advance(2, TimeUnit.MINUTES); // the monitor stopped: no probe, no tick
        long restartedAt = s.clock.epochMillis();
        s.minutes(20, 1500, random);
        s.flush();
        return new long[] {stoppedAt, restartedAt};
    }

    @Test
    void atAPhonesAndADesktopsWidthNothingRunsPastItsBoxAndTheRangeIsTheAxis() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("look.db"))) {
            long[] stop = history(s);
            for (int width : List.of(320, PHONE, 430, DESKTOP)) { // phones from 320 to 430 px, and a desktop
                browser.width(width).open(URI.create(s.base()));
                awaitRefreshes(1);
                awaitTimelines();
                assertEquals((long) width, browser.script("return window.innerWidth;"), "the window's width");
                assertEquals(List.of(), browser.overflows(), width + " px: elements wider than their box");
                assertEquals(List.of(), browser.overflowing(), width + " px: elements past their container");
                browser.assertNoErrors();
                if (width == PHONE || width == DESKTOP) {
                    browser.screenshot("status-page-" + width, width);
                }
            }
            long height = ((Number) browser.width(PHONE).script(
                    "return document.documentElement.scrollHeight;")).longValue();
            assertTrue(height < 5600, "compact at 390 px: 4 services, 1 group and the incidents in " + height + " px");

            // the range chosen is the span of every chart's axis and timeline, up to the API's now
            long now = s.clock.epochMillis();
            for (Map.Entry<String, Long> range : Map.of("1h", 3600L, "24h", 86_400L, "7d", 7 * 86_400L).entrySet()) {
                browser.script("Array.from(document.querySelectorAll('.ranges button'))"
                        + ".find(b => b.textContent === arguments[0]).click();", range.getKey());
                awaitRange(range.getValue());
                for (String name : List.of("web", "db")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> x = (Map<String, Object>) browser.script(
                            "var u = window.TcpSwarmStatus.plots[arguments[0]]; return {min: u.scales.x.min, max: u.scales.x.max};",
                            name);
                    double min = ((Number) x.get("min")).doubleValue();
                    double max = ((Number) x.get("max")).doubleValue();
                    assertEquals(now / 1000.0, max, 1.0, range.getKey() + ": " + name + "'s axis ends now");
                    assertEquals(range.getValue(), max - min, 60.0, range.getKey() + ": " + name + "'s axis spans the range");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> t = (Map<String, Object>) browser.script(
                            "var t = window.TcpSwarmStatus.timelines[arguments[0]]; return {from: t.from, to: t.to};", name);
                    assertEquals(range.getValue() * 1000.0, ((Number) t.get("to")).doubleValue()
                            - ((Number) t.get("from")).doubleValue(), 60_000.0, range.getKey() + ": " + name + "'s timeline");
                }
            }
            browser.script("Array.from(document.querySelectorAll('.ranges button')).find(b => b.textContent === '1h').click();");
            awaitRange(3600);

            // the two minutes the monitor was stopped: a gap, grey, in the timeline and the chart alike
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> segments = (List<Map<String, Object>>) browser.script(
                    "return window.TcpSwarmStatus.timelines.web.segments;");
            List<Map<String, Object>> gaps = segments.stream().filter(g -> "none".equals(g.get("state"))).toList();
            assertEquals(1, gaps.size(), "one gap in the last hour: " + segments);
            long gapStart = ((Number) gaps.get(0).get("start")).longValue();
            long gapEnd = ((Number) gaps.get(0).get("end")).longValue();
            assertTrue(gapStart >= stop[0] - 60_000 && gapStart <= stop[0] + 60_000, "the gap starts at the stop: "
                    + Instant.ofEpochMilli(gapStart) + ", stopped " + Instant.ofEpochMilli(stop[0]));
            assertTrue(gapEnd >= stop[1] - 60_000 && gapEnd <= stop[1] + 60_000, "the gap ends at the restart: "
                    + Instant.ofEpochMilli(gapEnd) + ", restarted " + Instant.ofEpochMilli(stop[1]));
            assertTrue(gapEnd - gapStart >= 60_000, "at least a minute of gap");
            assertTrue(segments.stream().filter(g -> "up".equals(g.get("state"))).count() >= 2, "up on both sides");
            double middle = (gapStart + gapEnd) / 2.0;
            List<Long> pixel = timelinePixel("web", middle);
            assertTrue(Math.max(pixel.get(0), Math.max(pixel.get(1), pixel.get(2)))
                    - Math.min(pixel.get(0), Math.min(pixel.get(1), pixel.get(2))) < 30, "the gap is grey: " + pixel);
            List<Long> before = timelinePixel("web", gapStart - 5 * 60_000);
            assertTrue(before.get(1) > before.get(0) + 40, "up before the gap is green: " + before);
            assertEquals(Boolean.TRUE, browser.script("var u = window.TcpSwarmStatus.plots.web;"
                    + "var i = u.data[0].findIndex(t => t * 1000 >= arguments[0]);"
                    + "return u.data[4][i] === null && u.data[0][i] * 1000 < arguments[1];", gapStart, gapEnd),
                    "the chart's line is broken by the gap");

            // the timeline names what a person points at: the state, its start and end, and its reason
            assertTrue(hover("web", middle).startsWith("No data from "), hover("web", middle));
            String down = hover("db", stop[0] - 6 * 60_000);
            assertTrue(down.matches("DOWN from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC to \\d{4}-\\d\\d-\\d\\d "
                    + "\\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ min( \\d+ s)?\\): 3 consecutive timeouts"), down);
            browser.assertNoErrors();
        }
    }

    @Test
    void theBannerGroupsDailyBarsIncidentsAndStaleDataSayWhatIsDownSinceWhenAndHowOften() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("glance.db"))) {
            history(s);
            s.minutes(2, -1, new Random(5)); // db DOWN now
            s.flush();
            browser.width(DESKTOP).open(URI.create(s.base()));
            awaitRefreshes(1);
            awaitTimelines();
            // SCRIPT_NAME refused all along and db timing out: two of four services down
            assertEquals("2 down", browser.text(".overall-text"));
            assertEquals("2 of 4 services up", browser.text(".overall-sub"));
            assertEquals("Not up: db down", browser.text("section.group .members"));

            // 90 days of bars, today's uptime the API's, its hover naming the day's incidents
            JsonNode daily = s.get("api/services/db/daily");
            assertEquals(90, daily.get("days").size());
            JsonNode today = daily.at("/days/89");
            assertEquals(Instant.ofEpochMilli(s.clock.epochMillis()).toString().substring(0, 10), today.get("date").asText());
            assertEquals(142 * 6, today.get("probes").asInt(), "every probe of the day");
            assertEquals(List.of("degraded", "down", "down"), today.get("incidents").findValuesAsText("to"));
            assertEquals(90L, browser.script("return document.querySelectorAll('section.service')[1].querySelectorAll('.day').length;"));
            String title = (String) browser.script("return document.querySelectorAll('section.service')[1]"
                    + ".querySelectorAll('.day')[89].title;");
            assertTrue(title.startsWith(today.get("date").asText() + " (UTC): " + String.format("%.2f", 100 * today.get("uptime")
                    .asDouble()) + "% up (852 probes, "), title);
            assertTrue(title.contains("3 incidents: DEGRADED at "), title);

            // the incidents: every change, newest first, with its reason and how long it lasted
            JsonNode incidents = s.get("api/incidents");
            List<JsonNode> ofDb = incidents.get("incidents").findParents("to").stream()
                    .filter(i -> i.get("name").asText().equals("db")).toList();
            JsonNode newest = ofDb.get(0);
            assertEquals("db", newest.get("name").asText());
            assertEquals("down", newest.get("to").asText());
            assertTrue(newest.get("end").isNull(), "ongoing");
            JsonNode down = ofDb.stream().filter(i -> i.get("to").asText().equals("down")).toList().get(1);
            assertEquals(down.get("duration_s").asDouble(), (Instant.parse(down.get("end").asText()).toEpochMilli()
                    - Instant.parse(down.get("time").asText()).toEpochMilli()) / 1000.0, 1e-9);
            assertTrue(down.get("duration_s").asDouble() >= 5 * 60 && down.get("duration_s").asDouble() <= 7 * 60,
                    "db was down for about 6 minutes: " + down);
            String first = (String) browser.script("return Array.from(document.querySelectorAll('li.incident'))"
                    + ".map(i => i.textContent).find(t => t.startsWith('dbservice'));");
            assertTrue(first.startsWith("dbserviceup \u2192 down2025-") && first.contains("ongoing for ") && first.contains("Why: "),
                    first);
            assertEquals(400, s.send("GET", "api/incidents?days=0").statusCode());

            // colour is never alone: every badge has a mark of its own shape before its word
            @SuppressWarnings("unchecked")
            List<String> marks = (List<String>) browser.script("return ['up', 'degraded', 'down'].map(s => {"
                    + "var b = document.createElement('span'); b.className = 'badge badge-' + s; document.body.appendChild(b);"
                    + "var m = getComputedStyle(b, '::before').content; b.remove(); return m; });");
            assertEquals(3, marks.stream().distinct().count(), "a different mark per state: " + marks);

            // the API gone: everything it gave is greyed out, not only a banner added
            s.endpoint.close();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!Boolean.TRUE.equals(browser.script("return document.getElementById('status').classList.contains('stale');"))) {
                assertTrue(System.nanoTime() < until, "the page did not notice the API gone");
                Thread.sleep(200);
            }
            assertFalse((Boolean) browser.script("return document.getElementById('problem').hidden;"), "the banner shows");
            assertEquals("Status unknown: no answer from the monitor", browser.text(".overall-text"));
            @SuppressWarnings("unchecked")
            List<String> badges = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                    + "'section.service .badge')).map(b => getComputedStyle(b).backgroundColor);");
            assertEquals(List.of("rgb(154, 163, 171)"), badges.stream().distinct().toList(), "every badge greyed");
            assertEquals("grayscale(1)", browser.script("return getComputedStyle(document.querySelector('section.service')).filter;"));
            browser.screenshot("status-page-stale", DESKTOP);
            // the failed reads are the page's own console errors (the API is gone); nothing else
            browser.consoleErrors().forEach(e -> assertTrue(e.contains("Failed to load resource")
                    || e.contains("ERR_CONNECTION_REFUSED"), e));
            browser.driver().get("about:blank"); // no more reads of the API gone, nor their errors, for the next test
            browser.consoleErrors();
        }
    }

    @Test
    void theBadgesAreSvgWithEscapedNamesPerServiceAndGroup() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("badges.db"))) {
            Random random = new Random(9);
            s.minutes(50, 1500, random);
            s.minutes(10, -1, random); // db down for 10 of 60 minutes
            s.flush();
            Document web = badge(s, "web", "status.svg");
            assertEquals(List.of("web", "\u2714 up"), texts(web));
            assertEquals("#2a8a2a", fills(web).get(1));
            Document db = badge(s, "db", "status.svg");
            assertEquals(List.of("db", "\u2716 down"), texts(db));
            assertEquals("#c62828", fills(db).get(1));
            assertEquals(List.of("backend", "\u2716 down"), texts(badge(s, "backend", "status.svg")), "a group");
            Document script = badge(s, ServedMonitor.SCRIPT_NAME, "status.svg");
            assertEquals(List.of(ServedMonitor.SCRIPT_NAME, "\u2716 down"), texts(script), "the name is text");
            assertEquals(0, script.getElementsByTagName("script").getLength(), "no element made of the name");
            assertEquals(List.of("db uptime 30d", "83.33%"), texts(badge(s, "db", "uptime.svg?range=30d")), "50 of 60 minutes");
            assertEquals(List.of("backend uptime 24h", "91.66%"), texts(badge(s, "backend", "uptime.svg")),
                    "the group's members' probes: 110 of 120 minutes, never rounded up");
            assertEquals(List.of("web uptime 1h", "100.00%"), texts(badge(s, "web", "uptime.svg?range=1h")));
            HttpResponse<String> bad = s.send("GET", "badge/web/uptime.svg?range=2w");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("range: '2w' is not one of 1h, 24h, 7d, 30d, 90d"), bad.body());
            assertEquals(404, s.send("GET", "badge/nope/status.svg").statusCode());
            HttpResponse<String> r = s.send("GET", "badge/web/status.svg");
            assertEquals("image/svg+xml; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @Test
    void aTlsServiceShowsTheDaysLeftOnItsCertificate() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("tls.db"), "  - {name: api, address: \"tls://127.0.0.1:1005\"}")) {
            Instant now = Instant.ofEpochMilli(s.clock.epochMillis());
            CertificateFacts cert = new CertificateFacts("CN=api.internal", "CN=Test CA", now.minus(Duration.ofDays(80)),
                    now.plus(Duration.ofDays(9)).plusSeconds(3600), now.plus(Duration.ofDays(5)).plusSeconds(3600), 2);
            for (int i = 0; i < 12; i++) {
                s.core.onResult(new ProbeResult("api", s.clock.nanoTime(), s.clock.nanoTime(), s.clock.epochMillis(),
                        ProbeOutcome.OPEN, 900_000, -1, "127.0.0.1:1005", 1, "",
                        TlsHandshakeReading.completed(2_500_000, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "", Optional.of(cert))));
                s.clock.advance(10, TimeUnit.SECONDS);
                s.core.tick();
            }
            s.flush();
            JsonNode api = s.get("api/services");
            assertEquals(5, api.at("/services/4/last_probe/certificate/days_left").asInt());
            browser.width(PHONE).open(URI.create(s.base()));
            awaitRefreshes(1);
            String tile = (String) browser.script("var t = Array.from(document.querySelectorAll('section.service')[4]"
                    + ".querySelectorAll('.tile')).find(t => t.querySelector('.tile-label').textContent === 'Certificate');"
                    + "return t ? t.textContent : null;");
            assertEquals("Certificate5 days leftexpires " + now.plus(Duration.ofDays(5)).plusSeconds(3600).toString()
                    .replace("T", " ").replace("Z", ".000 UTC"), tile);
            assertEquals(Boolean.TRUE, browser.script("return document.querySelectorAll('section.service')[4]"
                    + ".querySelector('.tile:last-child').classList.contains('bad');"), "under 14 days: shown as a warning");
            browser.assertFiguresEqual(api, List.of("/services/4/last_probe/certificate/days_left",
                    "/services/4/last_probe/certificate/earliest_not_after"));
            assertEquals(List.of(), browser.overflows(), "390 px with the certificate tile");
            browser.assertNoErrors();
        }
    }

    @Test
    void maintenanceIsAStateOfItsOwnWithItsColourMarkAndPattern() throws Exception {
        try (ServedMonitor s = new ServedMonitor(dir.resolve("maintenance.db"), """
                maintenance:
                  - {name: upgrade, targets: [web], from: 2025-10-08T09:10:00Z, to: 2025-10-08T09:30:00Z}""")) {
            s.minutes(15, 1500, new Random(11));
            s.flush();
            assertEquals("maintenance", s.get("api/services").at("/services/0/state").asText());
            browser.width(PHONE).open(URI.create(s.base()));
            awaitRefreshes(1);
            awaitTimelines();
            String badge = "document.querySelectorAll('section.service')[0].querySelector('.badge')";
            assertEquals("maintenance", browser.script("return " + badge + ".textContent;"));
            assertEquals("rgb(61, 95, 196)", browser.script("return getComputedStyle(" + badge + ").backgroundColor;"));
            assertEquals("\"\u2692 \"", browser.script("return getComputedStyle(" + badge + ", '::before').content;"));
            assertEquals("1 down, 1 in maintenance", browser.text(".overall-text"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> segments = (List<Map<String, Object>>) browser.script(
                    "return window.TcpSwarmStatus.timelines.web.segments;");
            assertEquals(List.of("none", "up", "maintenance"), segments.stream().map(g -> (String) g.get("state")).toList());
            Map<String, Object> window = segments.get(2);
            assertEquals(Instant.parse("2025-10-08T09:10:00Z").toEpochMilli(), ((Number) window.get("start")).longValue(),
                    "the window's start");
            assertTrue(hover("web", s.clock.epochMillis() - 60_000).startsWith("MAINTENANCE from 2025-10-08 09:10:00 UTC to now"),
                    hover("web", s.clock.epochMillis() - 60_000));
            assertEquals(List.of("web", "\u2692 maintenance"), texts(badge(s, "web", "status.svg")));
            assertEquals(List.of(), browser.overflows());
            browser.assertNoErrors();
        }
    }

    private static Document badge(ServedMonitor s, String name, String file) throws Exception {
        HttpResponse<String> r = s.send("GET", "badge/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + "/" + file);
        assertEquals(200, r.statusCode(), name + ": " + r.body());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        assertNotNull(d.getDocumentElement().getAttribute("width"));
        return d;
    }

    private static List<String> texts(Document d) {
        NodeList list = d.getElementsByTagName("text");
        return java.util.stream.IntStream.range(0, list.getLength()).mapToObj(i -> list.item(i).getTextContent()).toList();
    }

    private static List<String> fills(Document d) {
        NodeList list = d.getElementsByTagName("rect");
        return java.util.stream.IntStream.range(0, list.getLength()).mapToObj(i -> ((Element) list.item(i))
                .getAttribute("fill")).toList();
    }

    /** The colour at the timeline of {@code name} at a time (its bar's middle row), as [r, g, b]. */
    @SuppressWarnings("unchecked")
    private static List<Long> timelinePixel(String name, double epochMillis) {
        return ((List<Object>) browser.script("""
                var t = window.TcpSwarmStatus.timelines[arguments[0]];
                var c = Array.from(document.querySelectorAll('figure.timeline')).find(f =>
                    f.querySelector('figcaption').textContent === 'State timeline: ' + arguments[0]).querySelector('canvas');
                var x = Math.round((arguments[1] - t.from) / (t.to - t.from) * c.width);
                var px = c.getContext('2d').getImageData(x, Math.round(c.height * 0.15), 1, 1).data;
                return [px[0], px[1], px[2]];
                """, name, epochMillis)).stream().map(v -> ((Number) v).longValue()).toList();
    }

    /** What the line under a timeline says when the pointer is over it at a time. */
    private static String hover(String name, double epochMillis) {
        return (String) browser.script("""
                var t = window.TcpSwarmStatus.timelines[arguments[0]];
                var f = Array.from(document.querySelectorAll('figure.timeline')).find(f =>
                    f.querySelector('figcaption').textContent === 'State timeline: ' + arguments[0]);
                var c = f.querySelector('canvas'), r = c.getBoundingClientRect();
                var x = r.left + (arguments[1] - t.from) / (t.to - t.from) * r.width;
                c.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: r.top + 5, bubbles: true}));
                return f.querySelector('.timeline-info').textContent;
                """, name, epochMillis);
    }

    private static void awaitRange(long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!Boolean.TRUE.equals(browser.script("var p = window.TcpSwarmStatus.plots, t = window.TcpSwarmStatus.timelines;"
                + "return ['web', 'db'].every(n => p[n] && !p[n].destroyed && t[n]"
                + " && Math.abs(p[n].scales.x.max - p[n].scales.x.min - arguments[0]) <= 60);", seconds))) {
            assertTrue(System.nanoTime() < until, "the charts did not take the range of " + seconds + " s");
            Thread.sleep(100);
        }
    }

    private static void awaitTimelines() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!Boolean.TRUE.equals(browser.script("var t = window.TcpSwarmStatus.timelines;"
                + "return ['backend', 'web', 'db'].every(n => t[n]) && document.querySelectorAll('.day').length > 0"
                + " && document.querySelectorAll('li.incident').length > 0;"))) {
            assertTrue(System.nanoTime() < until, "the page did not draw its timelines, bars and incidents");
            Thread.sleep(100);
        }
    }

    private static void awaitRefreshes(long n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (((Number) browser.script("return window.TcpSwarmStatus ? window.TcpSwarmStatus.refreshes : 0;"))
                .longValue() < n) {
            assertTrue(System.nanoTime() < until, "the page did not load its data: "
                    + browser.script("return window.TcpSwarmStatus ? window.TcpSwarmStatus.error : null;"));
            Thread.sleep(100);
        }
    }
}
