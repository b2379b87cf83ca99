package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * {@code type: discord}: a Discord webhook ("Execute Webhook"). The documented payload:
 * {@code content} (at most 2000 characters), {@code username}, {@code allowed_mentions} (none, so an
 * alert's text never pings anyone) and one {@code embeds} item: {@code title} (256),
 * {@code description} (4096), {@code url}, {@code color} (an integer), {@code timestamp} (ISO 8601),
 * {@code fields} ({@code name} 256, {@code value} 1024, {@code inline}). Discord answers
 * {@code 204}; a {@code 429} says {@code retry_after} (seconds) in its JSON and its headers.
 * Immutable.
 */
public record DiscordFormat(Secret url, String username, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("discord", Set.of("url", "username"), Set.of("url"),
            DiscordFormat::read);

    static DiscordFormat read(ChannelSettings s) throws BadSetting {
        Secret url = new Secret(s.url("url", true).toString());
        return new DiscordFormat(url, s.text("username", "tcpswarm"), List.of(url));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("username", Json.cut(username, 80));
        body.put("content", Json.cut(n.title(), 2000));
        body.putObject("allowed_mentions").putArray("parse");
        ObjectNode e = body.putArray("embeds").addObject();
        e.put("title", Json.cut(n.alert() + " " + n.kind().key(), 256));
        e.put("description", Json.cut(n.reason(), 4096));
        if (!n.link().isEmpty()) {
            e.put("url", n.link());
        }
        e.put("color", Colors.rgb(n));
        e.put("timestamp", n.at());
        ArrayNode fields = e.putArray("fields");
        field(fields, n.group() ? "Group" : "Service", n.target());
        field(fields, "State", n.stateWord());
        field(fields, n.resolved() ? "Fired" : "Since", n.since());
        if (!n.value().isEmpty()) {
            field(fields, "Value", n.value());
        }
        if (!n.labels().isEmpty()) {
            field(fields, "Labels", n.labelText());
        }
        return HttpCall.postJson(URI.create(url.reveal()), Json.bytes(body));
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("name", Json.cut(name, 256)).put("value", Json.cut(value.isEmpty() ? "-" : value, 1024))
                .put("inline", true);
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        if (status == 429 && HttpAnswers.retryAfterMillis(headers).isEmpty()) {
            JsonNode retry = Json.parse(body).path("retry_after");
            return HttpAnswers.rateLimited(retry.isNumber() ? (long) (retry.asDouble() * 1000) : 0);
        }
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        String message = Json.parse(body).path("message").asText("");
        return HttpAnswers.refused(status, message.isEmpty() ? HttpAnswers.detail(body) : message);
    }
}
