package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * {@code type: mattermost}: a Mattermost incoming webhook. The documented payload: {@code text}
 * (required unless attachments are given), optional {@code channel}, {@code username},
 * {@code icon_url}, and Slack-style {@code attachments} ({@code fallback}, {@code color},
 * {@code title}, {@code title_link}, {@code text}, {@code fields} with {@code short}, {@code title},
 * {@code value}). Mattermost answers {@code 200 ok}; errors are JSON with {@code message}. Immutable.
 */
public record MattermostFormat(Secret url, String channel, String username, String iconUrl, List<Secret> secrets)
        implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("mattermost", Set.of("url", "channel", "username",
            "icon_url"), Set.of("url"), MattermostFormat::read);

    static MattermostFormat read(ChannelSettings s) throws BadSetting {
        Secret url = new Secret(s.url("url", true).toString());
        String icon = s.has("icon_url") ? s.url("icon_url", false).toString() : "";
        return new MattermostFormat(url, s.text("channel", ""), s.text("username", ""), icon,
                List.of(url));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("text", "#### " + n.title());
        if (!channel.isEmpty()) {
            body.put("channel", channel);
        }
        if (!username.isEmpty()) {
            body.put("username", username);
        }
        if (!iconUrl.isEmpty()) {
            body.put("icon_url", iconUrl);
        }
        ObjectNode a = body.putArray("attachments").addObject();
        a.put("fallback", n.title());
        a.put("color", Colors.hex(n));
        a.put("title", n.alert() + " " + n.kind().key());
        if (!n.link().isEmpty()) {
            a.put("title_link", n.link());
        }
        a.put("text", n.reason());
        ArrayNode fields = a.putArray("fields");
        fields.addObject().put("short", true).put("title", n.group() ? "Group" : "Service").put("value", n.target());
        fields.addObject().put("short", true).put("title", "State").put("value", n.stateWord());
        fields.addObject().put("short", true).put("title", n.resolved() ? "Fired" : "Since").put("value", n.since());
        if (!n.value().isEmpty()) {
            fields.addObject().put("short", true).put("title", "Value").put("value", n.value());
        }
        if (!n.labels().isEmpty()) {
            fields.addObject().put("short", false).put("title", "Labels").put("value", n.labelText());
        }
        return HttpCall.postJson(URI.create(url.reveal()), Json.bytes(body));
    }

    @Override
    public DeliveryResult answer(int status, java.net.http.HttpHeaders headers, String body) {
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        String message = Json.parse(body).path("message").asText("");
        return HttpAnswers.refused(status, message.isEmpty() ? HttpAnswers.detail(body) : message);
    }
}
