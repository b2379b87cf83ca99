package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each HTTP provider against a local receiver (the JDK's HTTP server on loopback) that checks the
 * request against the provider's documented schema (method, path, headers, field names, types,
 * required fields, lengths) and answers as the provider does: its success answer, its errors, and its
 * rate limit (429 with Retry-After or the provider's own retry field).
 */
@Timeout(60)
class HttpProvidersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private String base;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    /** The answers to give, in order: status, headers, body; then 200 "ok". */
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private ChannelKit channels;

    record Request(String method, String path, String query, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer a = answers.poll();
            if (a == null) {
                a = new Answer(200, Map.of(), "ok");
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        channels = new ChannelKit();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        channels.close();
    }

    private Request sent(String yaml, AlertNotice notice, Map<String, String> env, Answer answer, DeliveryResult[] result)
            throws Exception {
        if (answer != null) {
            answers.add(answer);
        }
        NoticeChannel c = channels.open(ChannelKit.spec("c", "  c: " + yaml + "\n", env));
        result[0] = channels.deliver(c, notice);
        Request r = requests.poll(5, TimeUnit.SECONDS);
        assertTrue(r != null, "no request");
        return r;
    }

    private static AlertNotice firing() {
        return ChannelKit.notice(AlertNotice.Kind.FIRING, "down", 1_759_932_602_000L);
    }

    private static AlertNotice resolved() {
        return ChannelKit.notice(AlertNotice.Kind.RESOLVED, "up", 1_759_932_902_000L);
    }

    private static void text(JsonNode n, String field, int max) {
        assertTrue(n.path(field).isTextual(), field + " is a string: " + n);
        assertFalse(n.get(field).asText().isEmpty(), field + " is not empty");
        assertTrue(n.get(field).asText().length() <= max, field + " at most " + max);
    }

    @Test
    void slack() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: slack, url: \"${env:SLACK_WEBHOOK}\"}", firing(),
                Map.of("SLACK_WEBHOOK", base + "/services/T000/B000/XXXXsecretXXXX"), null, r);
        assertTrue(r[0].ok(), r[0].toString());
        assertEquals("POST", q.method());
        assertEquals("/services/T000/B000/XXXXsecretXXXX", q.path());
        assertEquals("application/json", q.headers().get("content-type"));
        JsonNode b = q.json();
        text(b, "text", 40_000);
        JsonNode a = b.at("/attachments/0");
        assertEquals("#d63232", a.get("color").asText());
        text(a, "fallback", 40_000);
        text(a, "title", 40_000);
        assertEquals("db DOWN (3 consecutive timeouts)", a.get("text").asText());
        for (JsonNode f : a.get("fields")) {
            text(f, "title", 1000);
            text(f, "value", 2000);
            assertTrue(f.get("short").isBoolean());
        }
        assertTrue(a.get("ts").isIntegralNumber());

        Request bad = sent("{type: slack, url: \"${env:SLACK_WEBHOOK}\"}", firing(),
                Map.of("SLACK_WEBHOOK", base + "/services/T000/B000/XXXXsecretXXXX"),
                new Answer(403, Map.of(), "invalid_token"), r);
        assertEquals("HTTP 403: invalid_token", r[0].error());
        assertTrue(r[0].permanent());
        assertFalse(r[0].error().contains("XXXXsecretXXXX"), bad.toString());
        sent("{type: slack, url: \"" + base + "/s\"}", firing(), Map.of(), new Answer(429, Map.of("Retry-After", "30"), ""), r);
        assertEquals("HTTP 429 (rate limited; retry after 30 s)", r[0].error());
        assertEquals(30_000, r[0].retryAfterMillis());
        assertFalse(r[0].permanent());
    }

    @Test
    void discord() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: discord, url: \"" + base + "/api/webhooks/1/tok\"}", firing(), Map.of(),
                new Answer(204, Map.of(), ""), r);
        assertTrue(r[0].ok(), r[0].toString());
        JsonNode b = q.json();
        text(b, "content", 2000);
        assertEquals(0, b.at("/allowed_mentions/parse").size(), "no mentions");
        JsonNode e = b.at("/embeds/0");
        text(e, "title", 256);
        text(e, "description", 4096);
        assertTrue(e.get("color").isInt());
        assertEquals(0xD63232, e.get("color").asInt());
        assertEquals("2025-10-08T14:10:02Z", e.get("timestamp").asText());
        assertTrue(e.get("fields").size() <= 25);
        for (JsonNode f : e.get("fields")) {
            text(f, "name", 256);
            text(f, "value", 1024);
            assertTrue(f.get("inline").isBoolean());
        }
        sent("{type: discord, url: \"" + base + "/api/webhooks/1/tok\"}", firing(), Map.of(),
                new Answer(429, Map.of(), "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}"), r);
        assertEquals(1500, r[0].retryAfterMillis());
        sent("{type: discord, url: \"" + base + "/api/webhooks/1/tok\"}", firing(), Map.of(),
                new Answer(400, Map.of(), "{\"code\": 50006, \"message\": \"Cannot send an empty message\"}"), r);
        assertEquals("HTTP 400: Cannot send an empty message", r[0].error());
    }

    @Test
    void teams() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: teams, url: \"" + base + "/workflows/abc\"}", resolved(), Map.of(),
                new Answer(202, Map.of(), ""), r);
        assertTrue(r[0].ok(), r[0].toString());
        JsonNode b = q.json();
        assertEquals("message", b.get("type").asText());
        JsonNode a = b.at("/attachments/0");
        assertEquals("application/vnd.microsoft.card.adaptive", a.get("contentType").asText());
        JsonNode card = a.get("content");
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("http://adaptivecards.io/schemas/adaptive-card.json", card.get("$schema").asText());
        assertTrue(card.get("version").asText().matches("1\\.[0-9]"));
        for (JsonNode item : card.get("body")) {
            assertTrue(List.of("TextBlock", "FactSet").contains(item.get("type").asText()));
            if (item.get("type").asText().equals("TextBlock")) {
                text(item, "text", 10_000);
            } else {
                for (JsonNode f : item.get("facts")) {
                    text(f, "title", 1000);
                    text(f, "value", 10_000);
                }
            }
        }
        assertEquals("Good", card.at("/body/0/color").asText(), "resolved is green");
        assertEquals("Action.OpenUrl", card.at("/actions/0/type").asText());
    }

    @Test
    void mattermost() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: mattermost, url: \"" + base + "/hooks/xyz\", channel: ops, username: tcpswarm}", firing(),
                Map.of(), null, r);
        assertTrue(r[0].ok());
        JsonNode b = q.json();
        text(b, "text", 16_383);
        assertEquals("ops", b.get("channel").asText());
        assertEquals("tcpswarm", b.get("username").asText());
        JsonNode a = b.at("/attachments/0");
        text(a, "fallback", 16_383);
        assertTrue(a.get("color").asText().matches("#[0-9a-f]{6}"));
        sent("{type: mattermost, url: \"" + base + "/hooks/xyz\"}", firing(), Map.of(),
                new Answer(400, Map.of(), "{\"id\":\"web.incoming_webhook.text.app_error\",\"message\":\"No text specified\",\"status_code\":400}"), r);
        assertEquals("HTTP 400: No text specified", r[0].error());
    }

    @Test
    void ntfy() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: ntfy, url: \"" + base + "\", topic: ops-alerts, token: \"${env:NTFY}\"}", firing(),
                Map.of("NTFY", "tk_secretsecretsecret"), new Answer(200, Map.of(), "{\"id\":\"x\",\"event\":\"message\"}"), r);
        assertTrue(r[0].ok());
        assertEquals("/", q.path());
        assertEquals("Bearer tk_secretsecretsecret", q.headers().get("authorization"));
        JsonNode b = q.json();
        assertEquals("ops-alerts", b.get("topic").asText());
        text(b, "message", 4096);
        text(b, "title", 1000);
        assertTrue(b.get("priority").isInt() && b.get("priority").asInt() >= 1 && b.get("priority").asInt() <= 5);
        assertTrue(b.get("tags").isArray());
        assertEquals("http://127.0.0.1:9469/", b.get("click").asText());
        sent("{type: ntfy, url: \"" + base + "\", topic: t}", firing(), Map.of(),
                new Answer(429, Map.of(), "{\"code\":42901,\"http\":429,\"error\":\"limit reached: too many requests\"}"), r);
        assertTrue(r[0].error().startsWith("HTTP 429"));
        sent("{type: ntfy, url: \"" + base + "\", topic: t}", firing(), Map.of(),
                new Answer(403, Map.of(), "{\"code\":40301,\"http\":403,\"error\":\"forbidden\"}"), r);
        assertEquals("HTTP 403: forbidden", r[0].error());
    }

    @Test
    void gotify() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        Request q = sent("{type: gotify, url: \"" + base + "/gotify\", token: AbCdEfGh12345}", firing(), Map.of(),
                new Answer(200, Map.of(), "{\"id\":1,\"appid\":1,\"message\":\"m\"}"), r);
        assertTrue(r[0].ok());
        assertEquals("/gotify/message", q.path());
        assertEquals("AbCdEfGh12345", q.headers().get("x-gotify-key"));
        JsonNode b = q.json();
        text(b, "message", 100_000);
        text(b, "title", 1000);
        assertTrue(b.get("priority").isInt());
        assertEquals("text/plain", b.at("/extras/client::display/contentType").asText());
        sent("{type: gotify, url: \"" + base + "\", token: AbCdEfGh12345}", firing(), Map.of(),
                new Answer(401, Map.of(), "{\"error\":\"Unauthorized\",\"errorCode\":401,\"errorDescription\":\"you need to provide a valid access token\"}"), r);
        assertEquals("HTTP 401: you need to provide a valid access token", r[0].error());
        assertTrue(r[0].permanent());
    }

    @Test
    void pushover() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        String token = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
        String user = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
        Request q = sent("{type: pushover, url: \"" + base + "/1/messages.json\", token: " + token + ", user_file: "
                + writeSecret(user) + "}", firing(), Map.of(), new Answer(200, Map.of(), "{\"status\":1,\"request\":\"647d2300\"}"), r);
        assertTrue(r[0].ok(), r[0].toString());
        assertEquals("application/x-www-form-urlencoded", q.headers().get("content-type"));
        Map<String, String> form = new LinkedHashMap<>();
        for (String kv : q.body().split("&")) {
            String[] p = kv.split("=", 2);
            form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        assertEquals(token, form.get("token"));
        assertEquals(user, form.get("user"));
        assertTrue(form.get("message").length() <= 1024 && !form.get("message").isEmpty());
        assertTrue(form.get("title").length() <= 250);
        assertTrue(Integer.parseInt(form.get("priority")) <= 1);
        assertEquals("1759932602", form.get("timestamp"));
        assertTrue(form.get("url").length() <= 512 && form.get("url_title").length() <= 100);
        sent("{type: pushover, url: \"" + base + "/1/messages.json\", token: " + token + ", user: " + user + "}", firing(),
                Map.of(), new Answer(400, Map.of(), "{\"user\":\"invalid\",\"errors\":[\"user identifier is not a valid user, group, or subscribed user key\"],\"status\":0,\"request\":\"5042853c\"}"), r);
        assertEquals("HTTP 400: user identifier is not a valid user, group, or subscribed user key", r[0].error());
        assertFalse(r[0].error().contains(user));
    }

    private String writeSecret(String value) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("i24-secret", ".txt");
        f.toFile().deleteOnExit();
        java.nio.file.Files.writeString(f, value + "\n");
        return f.toString();
    }

    @Test
    void telegram() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        String token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
        Request q = sent("{type: telegram, url: \"" + base + "\", token: \"" + token + "\", chat_id: -1001234567890}", firing(),
                Map.of(), new Answer(200, Map.of(), "{\"ok\":true,\"result\":{\"message_id\":1}}"), r);
        assertTrue(r[0].ok(), r[0].toString());
        assertEquals("/bot" + token + "/sendMessage", q.path());
        JsonNode b = q.json();
        assertTrue(b.get("chat_id").isIntegralNumber());
        assertEquals(-1001234567890L, b.get("chat_id").asLong());
        text(b, "text", 4096);
        assertFalse(b.has("parse_mode"), "plain text: nothing in it is markup");
        sent("{type: telegram, url: \"" + base + "\", token: \"" + token + "\", chat_id: \"@ops_alerts\"}", firing(), Map.of(),
                new Answer(429, Map.of(), "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}"), r);
        assertEquals(7000, r[0].retryAfterMillis());
        Request again = requests.poll();
        assertEquals(null, again);
        sent("{type: telegram, url: \"" + base + "\", token: \"" + token + "\", chat_id: 42}", firing(), Map.of(),
                new Answer(400, Map.of(), "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"), r);
        assertEquals("HTTP 400: Bad Request: chat not found", r[0].error());
        assertFalse(r[0].error().contains(token));
        sent("{type: telegram, url: \"" + base + "\", token: \"" + token + "\", chat_id: 42}", firing(), Map.of(),
                new Answer(200, Map.of(), "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}"), r);
        assertFalse(r[0].ok(), "ok:false is a failure even with 200");
    }

    @Test
    void pagerDutyTriggersAndResolvesWithOneDedupKey() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        String yaml = "{type: pagerduty, url: \"" + base + "/v2/enqueue\", routing_key: \"${env:PD_KEY}\"}";
        Map<String, String> env = Map.of("PD_KEY", "R0123456789abcdefABCDEF012345678");
        String accepted = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}";
        Request trigger = sent(yaml, firing(), env, new Answer(202, Map.of(), accepted), r);
        assertTrue(r[0].ok());
        JsonNode t = trigger.json();
        assertEquals("R0123456789abcdefABCDEF012345678", t.get("routing_key").asText());
        assertEquals("trigger", t.get("event_action").asText());
        text(t, "dedup_key", 255);
        JsonNode p = t.get("payload");
        text(p, "summary", 1024);
        text(p, "source", 1000);
        assertEquals("critical", p.get("severity").asText(), "DOWN is critical");
        assertEquals("2025-10-08T14:10:02Z", p.get("timestamp").asText());
        assertTrue(p.get("custom_details").isObject());
        assertEquals("http://127.0.0.1:9469/", t.at("/links/0/href").asText());
        Request resolve = sent(yaml, resolved(), env, new Answer(202, Map.of(), accepted), r);
        JsonNode v = resolve.json();
        assertEquals("resolve", v.get("event_action").asText());
        assertEquals(t.get("dedup_key"), v.get("dedup_key"), "one dedup_key per alert and target");
        assertFalse(v.has("payload"));
        sent(yaml, firing(), env, new Answer(400, Map.of(),
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"'payload.severity' is invalid\"]}"), r);
        assertEquals("HTTP 400: 'payload.severity' is invalid", r[0].error());
        assertEquals("warning", PagerDutyFormat.severity(ChannelKit.notice(AlertNotice.Kind.FIRING, "degraded", 1)));
    }

    @Test
    void opsgenieCreatesAndClosesByAlias() throws Exception {
        DeliveryResult[] r = new DeliveryResult[1];
        String yaml = "{type: opsgenie, url: \"" + base + "\", api_key: eb243592-faa2-4ba2-a551q-1afdf565c889}";
        String accepted = "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a29c5c\"}";
        Request create = sent(yaml, firing(), Map.of(), new Answer(202, Map.of(), accepted), r);
        assertTrue(r[0].ok());
        assertEquals("/v2/alerts", create.path());
        assertEquals("GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889", create.headers().get("authorization"));
        JsonNode c = create.json();
        text(c, "message", 130);
        text(c, "alias", 512);
        text(c, "description", 15_000);
        assertTrue(c.get("tags").isArray());
        assertTrue(c.get("details").isObject());
        assertTrue(c.get("priority").asText().matches("P[1-5]"));
        Request close = sent(yaml, resolved(), Map.of(), new Answer(202, Map.of(), accepted), r);
        assertTrue(r[0].ok());
        assertEquals("/v2/alerts/" + java.net.URLEncoder.encode(c.get("alias").asText(), StandardCharsets.UTF_8)
                + "/close", close.path());
        assertEquals("identifierType=alias", close.query());
        assertTrue(close.json().has("source"));
        sent(yaml, firing(), Map.of(), new Answer(422, Map.of(), "{\"message\":\"Message can not be empty.\",\"took\":0.001}"), r);
        assertEquals("HTTP 422: Message can not be empty.", r[0].error());
    }

    @Test
    void failuresSayWhatFailedWithoutTheSecret() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        NoticeChannel c = channels.open(ChannelKit.spec("c", "  c: {type: slack, url: \"http://127.0.0.1:" + closed
                + "/services/SECRETPATH\"}\n", Map.of()));
        DeliveryResult r = channels.deliver(c, firing());
        assertEquals("connection refused to 127.0.0.1:" + closed, r.error());
        answers.add(new Answer(500, Map.of(), ""));
        c = channels.open(ChannelKit.spec("c", "  c: {type: webhook, url: \"" + base + "/h\"}\n", Map.of()));
        assertEquals("HTTP 500", channels.deliver(c, firing()).error());
    }

    @Test
    void settingsAreChecked() {
        assertEquals("m.yaml:4: channels.x.url: the url is not an http:// or https:// URL", ChannelKit.error(
                "  x: {type: slack, url: \"${env:HOOK}\"}\n", Map.of("HOOK", "ftp://hooks.slack.com/T/B/SECRET")));
        assertEquals("m.yaml:4: channels.x.routing_key: a routing key (an integration key) is 32 letters and digits",
                ChannelKit.error("  x: {type: pagerduty, routing_key: short}\n", Map.of()));
        assertEquals("m.yaml:4: channels.x.topic: missing: this key is required",
                ChannelKit.error("  x: {type: ntfy}\n", Map.of()));
        assertEquals("m.yaml:4: channels.x.chat_id: 'ops' is not a chat id: a number, or @channelusername",
                ChannelKit.error("  x: {type: telegram, token: \"1:abc\", chat_id: ops}\n", Map.of()));
        assertEquals("m.yaml:4: channels.x.url: 'http://127.0.0.1:99999/' has port 99999: use 1-65535", ChannelKit.error(
                "  x: {type: gotify, url: \"http://127.0.0.1:99999/\", token: t}\n", Map.of()));
        assertTrue(ChannelKit.error("  x: {type: slack, url: \"http://h/\", bogus: 1}\n", Map.of())
                .startsWith("m.yaml:4: channels.x.bogus: unknown key 'bogus' (known here: backoff, retries, timeout, type, url, url_file)"));
        assertEquals("m.yaml:4: channels.x.type: 'sms' is not a channel type: use log, stdout, command, webhook, alertmanager, "
                + "email, slack, discord, teams, mattermost, ntfy, gotify, pushover, telegram, pagerduty, opsgenie",
                ChannelKit.error("  x: {type: sms}\n", Map.of()));
    }
}
