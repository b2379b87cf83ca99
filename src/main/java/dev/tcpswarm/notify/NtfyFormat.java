package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code type: ntfy}: publishes to an ntfy topic with a JSON POST to the server's root. The
 * documented fields: {@code topic} (required), {@code message}, {@code title}, {@code tags} (a list),
 * {@code priority} (1-5) and {@code click}. Authentication with an access token ({@code Bearer}) or
 * a username and password ({@code Basic}). ntfy answers {@code 200} with the message; errors are
 * JSON ({@code code}, {@code http}, {@code error}), {@code 429} for its rate limits. Immutable.
 *
 * @param priority the priority of firing notices (reminders too); resolved ones go at 3
 */
public record NtfyFormat(URI url, String topic, int priority, Secret token, String username, Secret password,
        List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("ntfy", Set.of("url", "topic", "priority", "token",
            "username", "password"), Set.of("token", "password"), NtfyFormat::read);

    static NtfyFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.has("url") ? s.url("url", false) : URI.create("https://ntfy.sh/");
        String topic = s.text("topic");
        if (!topic.matches("[-_A-Za-z0-9]{1,64}")) {
            throw s.error("topic", "'" + topic + "' is not an ntfy topic: 1-64 letters, digits, - and _");
        }
        Secret token = s.secret("token", false);
        String username = s.text("username", null);
        Secret password = s.secret("password", false);
        if ((username == null) != (password == null)) {
            throw s.error(username == null ? "password" : "username", "username and password go together");
        }
        if (token != null && username != null) {
            throw s.error("token", "choose one: an access token or a username and password");
        }
        List<Secret> secrets = new ArrayList<>();
        if (token != null) {
            secrets.add(token);
        }
        if (password != null) {
            secrets.add(password);
        }
        return new NtfyFormat(url, topic, s.integer("priority", 1, 5, 4), token, username, password, List.copyOf(secrets));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("topic", topic);
        body.put("title", n.title());
        body.put("message", n.plainText());
        body.putArray("tags").add(switch (n.kind()) {
            case FIRING -> "rotating_light";
            case REMINDER -> "warning";
            case RESOLVED -> "white_check_mark";
            case TEST -> "test_tube";
        }).add(n.alert());
        body.put("priority", n.kind() == AlertNotice.Kind.FIRING || n.kind() == AlertNotice.Kind.REMINDER ? priority : 3);
        if (!n.link().isEmpty()) {
            body.put("click", n.link());
        }
        String root = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        HttpCall call = HttpCall.postJson(url.resolve(root), Json.bytes(body));
        if (token != null) {
            call = call.with("Authorization", "Bearer " + token.reveal());
        } else if (password != null) {
            call = call.with("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
        }
        return call;
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        JsonNode error = Json.parse(body).path("error");
        return HttpAnswers.refused(status, error.isTextual() ? error.asText() : HttpAnswers.detail(body));
    }
}
