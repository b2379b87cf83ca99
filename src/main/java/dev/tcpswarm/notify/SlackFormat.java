package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * {@code type: slack}: a Slack incoming webhook. The documented payload: {@code text} (the
 * notification's fallback and first line) and one legacy {@code attachments} item with its
 * {@code color}, {@code title}, {@code text}, {@code fields} ({@code title}, {@code value},
 * {@code short}) and {@code ts}. Text is escaped as Slack asks ({@code &}, {@code <}, {@code >}).
 * Slack answers {@code 200 ok}; {@code 400 invalid_payload}, {@code 403 invalid_token}, {@code 404},
 * {@code 410 channel_is_archived} are permanent, {@code 429} carries {@code Retry-After}. Immutable.
 */
public record SlackFormat(Secret url, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("slack", Set.of("url"), Set.of("url"), SlackFormat::read);

    static SlackFormat read(ChannelSettings s) throws BadSetting {
        Secret url = new Secret(s.url("url", true).toString());
        return new SlackFormat(url, List.of(url));
    }

    /** Slack's three escapes for message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("text", escape(n.title()));
        ObjectNode a = body.putArray("attachments").addObject();
        a.put("fallback", escape(n.title()));
        a.put("color", Colors.hex(n));
        a.put("title", escape(n.alert() + " " + n.kind().key()));
        if (!n.link().isEmpty()) {
            a.put("title_link", n.link());
        }
        a.put("text", escape(n.reason()));
        ArrayNode fields = a.putArray("fields");
        field(fields, n.group() ? "Group" : "Service", n.target());
        field(fields, "State", n.stateWord());
        field(fields, n.resolved() ? "Fired" : "Since", n.since());
        if (!n.value().isEmpty()) {
            field(fields, "Value", n.value());
        }
        if (!n.labels().isEmpty()) {
            field(fields, "Labels", n.labelText());
        }
        a.put("footer", "tcpswarm monitor");
        a.put("ts", n.atEpochMillis() / 1000);
        return HttpCall.postJson(URI.create(url.reveal()), Json.bytes(body));
    }

    private static void field(ArrayNode fields, String title, String value) {
        fields.addObject().put("title", title).put("value", escape(value)).put("short", true);
    }
}
