package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: pushover}: a POST of form fields to Pushover's {@code /1/messages.json}. The
 * documented fields: {@code token} and {@code user} (required, 30 characters each), {@code message}
 * (required, 1024), {@code title} (250), {@code priority} (-2 to 1 here: 2 needs acknowledgements),
 * {@code timestamp} (Unix seconds), {@code url} (512), {@code url_title} (100), {@code device}.
 * Pushover answers {@code {"status":1,"request":...}}; a 4xx has {@code "status":0} and
 * {@code errors}, 429 means the monthly limit is spent. Immutable.
 */
public record PushoverFormat(URI url, Secret token, Secret user, String device, int priority, List<Secret> secrets)
        implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("pushover", Set.of("url", "token", "user", "device",
            "priority"), Set.of("token", "user"), PushoverFormat::read);

    static PushoverFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.has("url") ? s.url("url", false) : URI.create("https://api.pushover.net/1/messages.json");
        Secret token = s.secret("token", true);
        Secret user = s.secret("user", true);
        for (Map.Entry<String, Secret> k : Map.of("token", token, "user", user).entrySet()) {
            if (!k.getValue().reveal().matches("[A-Za-z0-9]{30}")) {
                throw s.error(k.getKey(), "a Pushover " + k.getKey() + " key is 30 letters and digits");
            }
        }
        return new PushoverFormat(url, token, user, s.text("device", ""), s.integer("priority", -2, 1, 1),
                List.of(token, user));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token.reveal());
        form.put("user", user.reveal());
        form.put("title", Json.cut(n.title(), 250));
        form.put("message", Json.cut(n.plainText(), 1024));
        form.put("priority", String.valueOf(n.kind() == AlertNotice.Kind.FIRING || n.kind() == AlertNotice.Kind.REMINDER ? priority
                : Math.min(priority, 0)));
        form.put("timestamp", String.valueOf(n.atEpochMillis() / 1000));
        if (!device.isEmpty()) {
            form.put("device", device);
        }
        if (!n.link().isEmpty() && n.link().length() <= 512) {
            form.put("url", n.link());
            form.put("url_title", "tcpswarm status page");
        }
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpCall.post(url, "application/x-www-form-urlencoded", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        JsonNode answer = Json.parse(body);
        if (status / 100 == 2 && answer.path("status").asInt(1) == 1) {
            return DeliveryResult.delivered();
        }
        if (status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        JsonNode errors = answer.path("errors");
        String detail = errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : HttpAnswers.detail(body);
        return HttpAnswers.refused(status / 100 == 2 ? 400 : status, detail);
    }
}
