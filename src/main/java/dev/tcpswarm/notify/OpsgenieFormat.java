package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@code type: opsgenie}: Opsgenie's Alert API. Firing and reminders create an alert
 * ({@code POST /v2/alerts}; Opsgenie counts a repeat of an open alias as the same alert), resolved
 * ones close it ({@code POST /v2/alerts/{alias}/close?identifierType=alias}), with one alias per
 * alert and target. The documented fields of a create: {@code message} (required, 130 characters),
 * {@code alias} (512), {@code description} (15000), {@code tags}, {@code details}, {@code entity},
 * {@code source}, {@code priority} (P1-P5); of a close: {@code source}, {@code note}. The key goes in
 * {@code Authorization: GenieKey ...}. Opsgenie answers {@code 202} ({@code result}, {@code took},
 * {@code requestId}); errors have a {@code message}; {@code 429} when throttled. Immutable.
 *
 * @param priority P1-P5 for every alert, or empty: P1 for DOWN, P3 otherwise
 */
public record OpsgenieFormat(URI url, Secret apiKey, String priority, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("opsgenie", Set.of("url", "api_key", "priority"), Set.of("api_key"),
            OpsgenieFormat::read);

    static OpsgenieFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.has("url") ? s.url("url", false) : URI.create("https://api.opsgenie.com");
        Secret key = s.secret("api_key", true);
        String priority = s.text("priority", "");
        if (!priority.isEmpty() && !priority.matches("P[1-5]")) {
            throw s.error("priority", "'" + priority + "' is not a priority: P1 (highest) to P5");
        }
        return new OpsgenieFormat(url, key, priority, List.of(key));
    }

    private URI api(String path) {
        String base = url.getPath() == null ? "" : url.getPath();
        return url.resolve((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public HttpCall request(AlertNotice n) {
        String alias = Json.cut(n.kind() == AlertNotice.Kind.TEST ? n.dedupKey() + "/test" : n.dedupKey(), 512);
        ObjectNode body = Json.object();
        HttpCall call;
        if (n.resolved()) {
            body.put("source", "tcpswarm");
            body.put("note", n.reason());
            String encoded = URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20");
            call = HttpCall.postJson(URI.create(api("/v2/alerts/").toString() + encoded + "/close?identifierType=alias"),
                    Json.bytes(body));
        } else {
            body.put("message", Json.cut("[" + n.kind() + "] " + n.alert() + ": " + n.target() + " " + n.stateWord(), 130));
            body.put("alias", alias);
            body.put("description", Json.cut(n.plainText(), 15000));
            body.putArray("tags").add("tcpswarm").add(n.state());
            ObjectNode details = body.putObject("details");
            n.labels().forEach(details::put);
            details.put(n.targetLabel(), n.target());
            details.put("state", n.stateWord());
            details.put("since", n.since());
            if (!n.link().isEmpty()) {
                details.put("status_page", n.link());
            }
            body.put("entity", n.target());
            body.put("source", "tcpswarm");
            body.put("priority", !priority.isEmpty() ? priority : n.state().equals("down") ? "P1" : "P3");
            call = HttpCall.postJson(api("/v2/alerts"), Json.bytes(body));
        }
        return call.with("Authorization", "GenieKey " + apiKey.reveal());
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        return HttpAnswers.refused(status, Json.parse(body).path("message").asText(HttpAnswers.detail(body)));
    }
}
