package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: webhook}: a POST to any address, with tcpswarm's own JSON body or the user's
 * {@code body:} template ({@link BodyTemplate}) sent as {@code content_type:}. Header values may be
 * secrets ({@code ${env:TOKEN}}). Immutable.
 */
public record WebhookFormat(URI url, Map<String, Secret> headers, BodyTemplate body, String contentType,
        List<Secret> secrets) implements HttpFormat {

    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("webhook",
            Set.of("url", "headers", "body", "content_type"), Set.of(), WebhookFormat::read);

    static WebhookFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.url("url", false);
        Map<String, Secret> headers = new LinkedHashMap<>();
        s.map("headers").forEach((k, v) -> headers.put(k, new Secret(v)));
        List<Secret> secrets = new ArrayList<>(headers.values());
        String contentType = s.text("content_type", "application/json");
        BodyTemplate body = null;
        if (s.has("body")) {
            try {
                body = BodyTemplate.parse(s.text("body"), isJson(contentType));
            } catch (IllegalArgumentException e) {
                throw s.error("body", e.getMessage());
            }
        } else if (s.has("content_type")) {
            throw s.error("content_type", "content_type goes with a body: template (without one, the body is tcpswarm's JSON)");
        }
        return new WebhookFormat(url, java.util.Collections.unmodifiableMap(headers), body, contentType, List.copyOf(secrets));
    }

    /** {@code application/json}, or any {@code +json} type. */
    static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.equals("application/json") || t.endsWith("+json");
    }

    @Override
    public HttpCall request(AlertNotice notice) {
        byte[] bytes = body == null ? standardBody(notice) : body.fill(notice).getBytes(StandardCharsets.UTF_8);
        HttpCall call = HttpCall.post(url, body == null ? "application/json" : contentType, bytes);
        for (Map.Entry<String, Secret> h : headers.entrySet()) {
            call = call.with(h.getKey(), h.getValue().reveal());
        }
        return call;
    }

    /** tcpswarm's own JSON body (see docs/monitor.md). */
    public static byte[] standardBody(AlertNotice notice) {
        ObjectNode n = Json.object();
        n.put("alert", notice.alert());
        n.put("event", notice.kind().key());
        n.put("target", notice.target());
        if (notice.group()) {
            n.put("group", true);
        }
        n.put("state", notice.state());
        n.put("message", notice.reason());
        n.put("time", notice.at());
        if (notice.sinceEpochMillis() > 0) {
            n.put("firing_since", notice.since());
        }
        if (!notice.value().isEmpty()) {
            n.put("value", notice.value());
        }
        if (!notice.link().isEmpty()) {
            n.put("link", notice.link());
        }
        ObjectNode labels = n.putObject("labels");
        notice.labels().forEach(labels::put);
        return Json.bytes(n);
    }
}
