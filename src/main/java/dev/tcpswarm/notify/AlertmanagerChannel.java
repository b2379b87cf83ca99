package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code type: alertmanager}: posts alerts to Prometheus Alertmanager's {@code /api/v2/alerts}
 * (postableAlerts), as Prometheus does. A firing alert has {@code startsAt} (when it started firing)
 * and an {@code endsAt} four re-send intervals ahead, and is re-sent every {@code resend} while it
 * fires, so Alertmanager never times it out; a resolved one is sent with {@code endsAt} = the time it
 * resolved. Labels: {@code alertname}, {@code service} or {@code group}, {@code state}, the target's
 * labels and the channel's {@code labels}. Grouping, silences, inhibition and routing are then
 * Alertmanager's. Posts of one channel go out one after another (a re-send never overtakes a
 * resolve). Immutable settings; the open channel's state is touched under its lock.
 *
 * @param url Alertmanager's base address (the API path is added)
 * @param resendMillis how often firing alerts are re-sent
 */
public record AlertmanagerChannel(URI url, Map<String, String> labels, long resendMillis, String username,
        Secret password) implements ChannelSpec {

    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("alertmanager",
            Set.of("url", "labels", "resend", "username", "password"), Set.of("password"), AlertmanagerChannel::read);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** endsAt of a firing alert: this many re-send intervals ahead (Prometheus' own margin). */
    static final int ENDS_AT_RESENDS = 4;

    static AlertmanagerChannel read(ChannelSettings s) throws BadSetting {
        URI base = s.url("url", false);
        Map<String, String> labels = s.map("labels");
        for (String name : labels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw s.error("labels", "'" + name + "' is not a label name (letters, digits and _, not starting "
                        + "with a digit or __)");
            }
        }
        long resendMillis = s.durationMillis("resend", 60_000);
        String username = s.text("username", null);
        Secret password = s.secret("password", false);
        if ((username == null) != (password == null)) {
            throw s.error(username == null ? "password" : "username", "username and password go together (HTTP basic "
                    + "authentication, for an Alertmanager behind a proxy)");
        }
        return new AlertmanagerChannel(base, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels)), resendMillis, username, password);
    }

    /** The address alerts are posted to. */
    public URI alertsUri() {
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/api/v2/alerts")) {
            return url;
        }
        return url.resolve((path.endsWith("/") ? path : path + "/") + "api/v2/alerts");
    }

    @Override
    public NoticeChannel open(ProviderContext context) {
        return new Open(context);
    }

    /** One alert as Alertmanager receives it. */
    ObjectNode alert(AlertNotice n, long endsAtMillis) {
        ObjectNode a = Json.object();
        ObjectNode l = a.putObject("labels");
        l.put("alertname", n.alert());
        l.put(n.targetLabel(), n.target());
        l.put("state", n.state());
        n.labels().forEach(l::put);
        labels.forEach(l::put);
        ObjectNode annotations = a.putObject("annotations");
        annotations.put("summary", n.alert() + ": " + n.reason());
        annotations.put("reason", n.reason());
        if (!n.value().isEmpty()) {
            annotations.put("value", n.value());
        }
        a.put("startsAt", n.since());
        a.put("endsAt", Instant.ofEpochMilli(endsAtMillis).toString());
        if (!n.link().isEmpty()) {
            a.put("generatorURL", n.link());
        }
        return a;
    }

    private List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        if (password != null) {
            out.add(password);
        }
        return out;
    }

    /** The open channel: the alerts firing, their periodic re-send, and the one-after-another posts. */
    private final class Open implements NoticeChannel, HttpFormat {
        private final ProviderContext context;
        private final HttpChannel http;
        /** Per alert and target: the last firing notice sent. */
        private final Map<String, AlertNotice> firing = new LinkedHashMap<>();
        private final ScheduledFuture<?> resender;
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        Open(ProviderContext context) {
            this.context = context;
            this.http = new HttpChannel(this, context);
            this.resender = context.scheduler().scheduleWithFixedDelay(this::resend, resendMillis, resendMillis,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized CompletableFuture<DeliveryResult> deliver(AlertNotice notice) {
            List<AlertNotice> batch = new ArrayList<>();
            AlertNotice before = firing.get(notice.dedupKey());
            if (notice.kind() == AlertNotice.Kind.TEST) {
                batch.add(notice);
            } else if (notice.resolved()) {
                firing.remove(notice.dedupKey());
                batch.add(before != null ? resolvedAs(before, notice) : notice);
            } else {
                firing.put(notice.dedupKey(), notice);
                if (before != null && !before.state().equals(notice.state())) {
                    batch.add(resolvedAs(before, notice)); // its state label changed: the old series ends
                }
                batch.add(notice);
            }
            return post(batch);
        }

        /** The earlier notice's labels, resolved at {@code now}'s time. */
        private AlertNotice resolvedAs(AlertNotice before, AlertNotice now) {
            return new AlertNotice(AlertNotice.Kind.RESOLVED, before.alert(), before.target(), before.group(), before.state(),
                    now.reason(), before.labels(), before.sinceEpochMillis(), now.atEpochMillis(), now.value(),
                    before.link());
        }

        /** Posts after the posts before it; the body is made when its turn comes. */
        private synchronized CompletableFuture<DeliveryResult> post(List<AlertNotice> batch) {
            CompletableFuture<DeliveryResult> sent = tail.handle((x, t) -> null)
                    .thenCompose(x -> http.deliver(request(batch)));
            tail = sent;
            return sent;
        }

        private void resend() {
            List<AlertNotice> batch;
            synchronized (this) {
                if (firing.isEmpty()) {
                    return;
                }
                long now = System.currentTimeMillis();
                batch = new ArrayList<>();
                for (AlertNotice n : firing.values()) {
                    batch.add(new AlertNotice(AlertNotice.Kind.REMINDER, n.alert(), n.target(), n.group(), n.state(), n.reason(),
                            n.labels(), n.sinceEpochMillis(), now, n.value(), n.link()));
                }
            }
            post(batch); // a failed re-send is tried again at the next one, well before endsAt
        }

        @Override
        public HttpCall request(AlertNotice notice) {
            return request(List.of(notice));
        }

        /** One POST of several alerts; a firing one is valid for four re-sends from now (the wall clock). */
        HttpCall request(List<AlertNotice> notices) {
            ArrayNode body = Json.MAPPER.createArrayNode();
            long validUntil = System.currentTimeMillis() + ENDS_AT_RESENDS * resendMillis;
            for (AlertNotice n : notices) {
                body.add(alert(n, n.resolved() ? n.atEpochMillis() : validUntil));
            }
            HttpCall call = HttpCall.postJson(alertsUri(), Json.bytes(body));
            if (username != null) {
                String token = java.util.Base64.getEncoder().encodeToString(
                        (username + ":" + password.reveal()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                call = call.with("Authorization", "Basic " + token);
            }
            return call;
        }

        @Override
        public List<Secret> secrets() {
            return AlertmanagerChannel.this.secrets();
        }

        @Override
        public void close() {
            resender.cancel(false);
        }
    }
}
