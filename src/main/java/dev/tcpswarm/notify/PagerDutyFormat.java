package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * {@code type: pagerduty}: PagerDuty's Events API v2 ({@code /v2/enqueue}). Firing and reminders are
 * {@code trigger} events, resolved ones {@code resolve}, all with one {@code dedup_key} per alert and
 * target, so a reminder updates the incident and the resolve closes it. The documented fields:
 * {@code routing_key} (32 characters), {@code event_action}, {@code dedup_key} (255), and for a
 * trigger {@code payload} with {@code summary} (1024), {@code source}, {@code severity}
 * ({@code critical} for DOWN, {@code warning} for DEGRADED or a rule on an UP service, {@code info}
 * otherwise), {@code timestamp}, {@code component}, {@code group}, {@code class},
 * {@code custom_details}; {@code client}, {@code client_url} and {@code links}. PagerDuty answers
 * {@code 202} with {@code status: success}; {@code 400} lists {@code errors}; {@code 429} when
 * throttled. Immutable.
 */
public record PagerDutyFormat(URI url, Secret routingKey, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("pagerduty", Set.of("url", "routing_key"), Set.of("routing_key"),
            PagerDutyFormat::read);

    static PagerDutyFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.has("url") ? s.url("url", false) : URI.create("https://events.pagerduty.com/v2/enqueue");
        Secret key = s.secret("routing_key", true);
        if (!key.reveal().matches("[A-Za-z0-9]{32}")) {
            throw s.error("routing_key", "a routing key (an integration key) is 32 letters and digits");
        }
        return new PagerDutyFormat(url, key, List.of(key));
    }

    /** The severity of a notice: from the target's state. */
    static String severity(AlertNotice n) {
        return switch (n.state()) {
            case "down" -> "critical";
            case "degraded", "up" -> "warning";
            default -> "info";
        };
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("routing_key", routingKey.reveal());
        body.put("event_action", n.resolved() ? "resolve" : "trigger");
        body.put("dedup_key", Json.cut(n.kind() == AlertNotice.Kind.TEST ? n.dedupKey() + "/test" : n.dedupKey(), 255));
        if (!n.resolved()) {
            ObjectNode p = body.putObject("payload");
            p.put("summary", Json.cut(n.alert() + ": " + n.reason(), 1024));
            p.put("source", n.target());
            p.put("severity", n.kind() == AlertNotice.Kind.TEST ? "info" : severity(n));
            p.put("timestamp", n.at());
            p.put("component", n.target());
            p.put("group", n.targetLabel());
            p.put("class", n.alert());
            ObjectNode d = p.putObject("custom_details");
            d.put("reason", n.reason());
            d.put("state", n.stateWord());
            d.put("since", n.since());
            if (!n.value().isEmpty()) {
                d.put("value", n.value());
            }
            n.labels().forEach(d.putObject("labels")::put);
        }
        body.put("client", "tcpswarm monitor");
        if (!n.link().isEmpty()) {
            body.put("client_url", n.link());
            body.putArray("links").addObject().put("href", n.link()).put("text", "tcpswarm status page");
        }
        return HttpCall.postJson(url, Json.bytes(body));
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        if (status / 100 == 2 || status == 429) {
            return HttpAnswers.judge(status, headers, body);
        }
        JsonNode errors = Json.parse(body).path("errors");
        String detail = errors.isArray() && !errors.isEmpty() ? errors.get(0).asText()
                : Json.parse(body).path("message").asText(HttpAnswers.detail(body));
        return HttpAnswers.refused(status, detail);
    }
}
