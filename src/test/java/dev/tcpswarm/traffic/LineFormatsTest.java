package dev.tcpswarm.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line formats against lines as the seed, nginx, Apache and JSON layouts write them. */
class LineFormatsTest {
    @Test
    void theSeedsCsvWithItsHeaderAndQuoting() throws Exception {
        CsvLogParser p = new CsvLogParser();
        assertNull(p.parse("\"remotehost\",\"rfc931\",\"authuser\",\"date\",\"request\",\"status\",\"bytes\""));
        Request r = p.parse("\"10.0.0.2\",\"-\",\"apache\",1549573860,\"GET /api/user HTTP/1.0\",200,1234");
        assertEquals(new Request("10.0.0.2", 1549573860, "GET", "/api/user", 200, 1234), r);
        assertEquals("/api", r.section());
        Request post = p.parse("\"10.0.0.4\",\"-\",\"apache\",1549573860,\"POST /report HTTP/1.0\",500,1307");
        assertEquals("/report", post.section());
        assertEquals(500, post.status());
        // a quote inside a quoted field is doubled; a comma inside one is data
        Request quoted = p.parse("\"10.0.0.5\",\"-\",\"a \"\"b\"\", c\",1549573861,\"GET /x,y/z HTTP/1.1\",404,0");
        assertEquals("/x,y/z", quoted.path());
        assertEquals("/x,y", quoted.section());
        // bare fields, no quotes at all
        assertEquals(302, p.parse("10.0.0.6,-,apache,1549573862,GET /a HTTP/1.0,302,-").status());
    }

    @Test
    void aHeaderInAnotherOrderDecidesTheColumnsAndARepeatedHeaderIsSkipped() throws Exception {
        CsvLogParser p = new CsvLogParser();
        assertNull(p.parse("status,date,request,remotehost,bytes"));
        Request r = p.parse("201,1549573860,\"PUT /api/x HTTP/1.1\",10.1.1.1,7");
        assertEquals(new Request("10.1.1.1", 1549573860, "PUT", "/api/x", 201, 7), r);
        assertNull(p.parse("\"status\",\"date\",\"request\",\"remotehost\",\"bytes\""));
    }

    @Test
    void badCsvLinesSayWhy() {
        CsvLogParser p = new CsvLogParser();
        assertMalformed(p, "\"10.0.0.2\",\"-\",\"apache\",1549573860,\"GET /api/user HTTP/1.0\",200",
                "not a csv line (6 fields, the header has 7)");
        assertMalformed(p, "\"10.0.0.2\",\"-\",\"apache\",yesterday,\"GET / HTTP/1.0\",200,1",
                "not a csv line (date 'yesterday' is not Unix seconds)");
        assertMalformed(p, "\"10.0.0.2\",\"-\",\"apache\",1549573860,\"GET / HTTP/1.0\",2000,1",
                "not a csv line (status '2000' is not 3 digits)");
        MalformedLineException open = assertThrows(MalformedLineException.class,
                () -> p.parse("\"10.0.0.2\",\"-\",\"apache\",1549573860,\"GET / HTTP/1.0,200,1"));
        assertTrue(open.getMessage().startsWith("not a csv line ("), open.getMessage());
    }

    @Test
    void nginxCombinedAndCommonLines() throws Exception {
        CommonLogParser combined = new CommonLogParser(true);
        Request r = combined.parse("127.0.0.1 - - [07/Feb/2019:21:11:00 +0000] \"GET /api/user?id=1 HTTP/1.1\" 200 612 "
                + "\"-\" \"curl/7.88.1\"");
        assertEquals(new Request("127.0.0.1", 1549573860, "GET", "/api/user?id=1", 200, 612), r);
        assertEquals("/api", r.section());
        // the zone is applied; a user with a name; an escaped quote in the agent; size "-"
        Request apache = combined.parse("10.0.0.9 - frank [07/Feb/2019:22:11:01 +0100] \"POST /report HTTP/1.0\" 503 - "
                + "\"http://x/\" \"Mozilla \\\"quoted\\\" 5.0\"");
        assertEquals(1549573861, apache.epochSecond());
        assertEquals(0, apache.bytes());
        assertEquals(503, apache.status());
        // nginx's line for a connection closed before a request
        Request none = combined.parse("10.0.0.1 - - [07/Feb/2019:21:11:00 +0000] \"-\" 400 0 \"-\" \"-\"");
        assertEquals(Request.NO_SECTION, none.section());
        CommonLogParser common = new CommonLogParser(false);
        assertEquals(404, common.parse("::1 - - [07/Feb/2019:21:11:00 -0500] \"GET / HTTP/1.1\" 404 12").status());
        assertMalformed(combined, "::1 - - [07/Feb/2019:21:11:00 -0500] \"GET / HTTP/1.1\" 404 12",
                "not a combined-log line (no \"referer\" after the size)");
        assertMalformed(combined, "hello world", "not a combined-log line (no [date])");
        assertMalformed(common, "1.2.3.4 - - [31/Feb/2019:21:11:00 +0000] \"GET / HTTP/1.1\" 200 1",
                "not a common-log line (the date is not dd/Mon/yyyy:HH:mm:ss +zone)");
        assertMalformed(common, "1.2.3.4 - - [07/Feb/2019:21:11:00 +0000] \"GET / HTTP/1.1\" 20 1",
                "not a common-log line (the status is not 3 digits)");
    }

    @Test
    void jsonLinesWithDefaultAndConfiguredKeys() throws Exception {
        JsonLogParser nginx = new JsonLogParser(Map.of());
        Request r = nginx.parse("{\"time_iso8601\":\"2019-02-07T21:11:00+00:00\",\"remote_addr\":\"10.0.0.1\","
                + "\"request\":\"GET /api/user HTTP/1.1\",\"status\":\"200\",\"body_bytes_sent\":\"612\"}");
        assertEquals(new Request("10.0.0.1", 1549573860, "GET", "/api/user", 200, 612), r);
        JsonLogParser custom = new JsonLogParser(Map.of("time", "ts", "path", "p", "status", "s"));
        Request c = custom.parse("{\"ts\":1549573860123,\"method\":\"GET\",\"p\":\"/report/1\",\"s\":500}");
        assertEquals(1549573860, c.epochSecond());
        assertEquals("/report", c.section());
        assertEquals(500, c.status());
        assertMalformed(custom, "{\"time\":1549573860,\"s\":200}", "not a JSON line (no time in [ts])");
        assertMalformed(nginx, "[1,2]", "not a JSON line (not an object)");
    }

    @Test
    void autoPicksTheFormatFromTheFirstLine() throws Exception {
        AutoDetectingParser csv = new AutoDetectingParser(Map.of());
        assertNull(csv.parse("\"remotehost\",\"rfc931\",\"authuser\",\"date\",\"request\",\"status\",\"bytes\""));
        assertEquals("csv", csv.formatName());
        AutoDetectingParser combined = new AutoDetectingParser(Map.of());
        assertMalformed(combined, "garbage", "not a line of any known format (csv, common, combined, json)");
        combined.parse("1.2.3.4 - - [07/Feb/2019:21:11:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"");
        assertEquals("combined", combined.formatName());
        AutoDetectingParser common = new AutoDetectingParser(Map.of());
        common.parse("1.2.3.4 - - [07/Feb/2019:21:11:00 +0000] \"GET / HTTP/1.1\" 200 1");
        assertEquals("common", common.formatName());
        AutoDetectingParser json = new AutoDetectingParser(Map.of());
        json.parse("{\"time\":1549573860,\"status\":200,\"uri\":\"/\"}");
        assertEquals("json", json.formatName());
    }

    @Test
    void sections() {
        assertEquals("/api", Request.section("/api/user"));
        assertEquals("/report", Request.section("/report"));
        assertEquals("/report", Request.section("/report?x=/y"));
        assertEquals("/", Request.section("/"));
        assertEquals("/a", Request.section("http://example.com/a/b"));
        assertEquals("-", Request.section("*"));
    }

    private static void assertMalformed(LineParser p, String line, String message) {
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> p.parse(line));
        assertEquals(message, e.getMessage());
    }
}
