package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * {@code type: gotify}: a POST to a Gotify server's {@code /message} with an application token in
 * {@code X-Gotify-Key}. The documented fields: {@code message} (required), {@code title},
 * {@code priority} (an integer) and {@code extras} ({@code client::display} plain text,
 * {@code client::notification.click.url}). Gotify answers {@code 200} with the message; errors are
 * JSON ({@code error}, {@code errorCode}, {@code errorDescription}). Immutable.
 *
 * @param priority the priority of firing notices and reminders; resolved ones go at 4
 */
public record GotifyFormat(URI url, Secret token, int priority, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("gotify", Set.of("url", "token", "priority"), Set.of("token"),
            GotifyFormat::read);

    static GotifyFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.url("url", false);
        Secret token = s.secret("token", true);
        return new GotifyFormat(url, token, s.integer("priority", 0, 10, 8), List.of(token));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("title", n.title());
        body.put("message", n.plainText());
        body.put("priority", n.kind() == AlertNotice.Kind.FIRING || n.kind() == AlertNotice.Kind.REMINDER ? priority : 4);
        ObjectNode extras = body.putObject("extras");
        extras.putObject("client::display").put("contentType", "text/plain");
        if (!n.link().isEmpty()) {
            extras.putObject("client::notification").putObject("click").put("url", n.link());
        }
        String path = url.getPath() == null ? "" : url.getPath();
        URI messages = url.resolve((path.endsWith("/") ? path : path + "/") + "message");
        return HttpCall.postJson(messages, Json.bytes(body)).with("X-Gotify-Key", token.reveal());
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        JsonNode d = Json.parse(body).path("errorDescription");
        return HttpAnswers.refused(status, d.isTextual() ? d.asText() : HttpAnswers.detail(body));
    }
}
