package dev.tcpswarm.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook's body: placeholders filled once each, JSON-escaped in a JSON body, refused by the config reader when it is not JSON. */
class BodyTemplateTest {
    private static AlertNotice awkward() {
        return new AlertNotice(AlertNotice.Kind.FIRING, "db-down", "n {state}", false, "down", "said \"no\"\\ and\nleft {reason}",
                Map.of("env", "prod"), 1_759_932_542_000L, 1_759_932_602_000L, "", "");
    }

    @Test
    void placeholdersAreFilledOnceAndJsonEscaped() throws Exception {
        BodyTemplate t = BodyTemplate.parse("{\"text\": \"{alert} {event}: {target} is {state}: {reason}\", \"at\": \"{time}\","
                + " \"since\": \"{since}\", \"labels\": \"{labels}\"}", true);
        String filled = t.fill(awkward());
        JsonNode n = new ObjectMapper().readTree(filled);
        assertEquals("db-down firing: n {state} is DOWN: said \"no\"\\ and\nleft {reason}", n.get("text").asText(),
                "the values' own braces are left alone: " + filled);
        assertEquals("2025-10-08T14:10:02Z", n.get("at").asText());
        assertEquals("2025-10-08T14:09:02Z", n.get("since").asText());
        assertEquals("env=prod", n.get("labels").asText());
    }

    @Test
    void aPlainTextBodyIsNotEscaped() {
        assertEquals("n {state} DOWN \"x\"", BodyTemplate.parse("{service} {state} \"x\"", false).fill(awkward()));
    }

    @Test
    void theConfigRefusesABodyThatIsNotJsonOrAnUnknownPlaceholder() throws Exception {
        String notJson = ChannelKit.error("  x: {type: webhook, url: \"http://127.0.0.1:9/h\", body: '{\"n\": {reason}}'}\n", Map.of());
        assertTrue(notJson.startsWith("m.yaml:4: channels.x.body: is not valid JSON once its placeholders are filled in ("),
                notJson);
        assertEquals("m.yaml:4: channels.x.body: unknown placeholder {nope} (known: {alert}, {target}, {service}, {state}, "
                + "{reason}, {event}, {time}, {since}, {value}, {labels}, {link})", ChannelKit.error(
                "  x: {type: webhook, url: \"http://127.0.0.1:9/h\", body: '{\"a\": \"{nope}\"}'}\n", Map.of()));
        // a text body is not JSON and need not be
        WebhookFormat text = (WebhookFormat) ChannelKit.spec("x", "  x: {type: webhook, url: \"http://127.0.0.1:9/h\", "
                + "content_type: text/plain, body: '{alert} is {state}'}\n", Map.of());
        HttpCall call = text.request(awkward());
        assertEquals("text/plain", call.headers().get("Content-Type"));
        assertEquals("db-down is DOWN", call.bodyText());
        assertTrue(ChannelKit.error("  x: {type: webhook, url: \"http://127.0.0.1:9/h\", content_type: text/plain}\n", Map.of())
                .contains("content_type goes with a body"));
    }

    @Test
    void headerSecretsComeFromTheEnvironment() throws Exception {
        WebhookFormat w = (WebhookFormat) ChannelKit.spec("x", "  x: {type: webhook, url: \"http://127.0.0.1:9/h\", "
                + "headers: {Authorization: \"Bearer ${env:TOKEN}\"}}\n", Map.of("TOKEN", "t0ken-value"));
        assertEquals("Bearer t0ken-value", w.request(awkward()).headers().get("Authorization"));
        assertTrue(!w.toString().contains("t0ken-value"), w.toString());
    }
}
