package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.notify.EximServer;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running monitor's notices carry: the status page's address in each provider's field for a
 * link, and a group's alert labelled {@code group} (not {@code service}). The real jar watches a
 * service and a group of it, with a store and the status page served; both alerts fire and resolve
 * through every channel type: the local HTTP receiver of each provider, Debian's
 * prometheus-alertmanager and exim4 (STARTTLS and AUTH).
 */
@Timeout(180)
class MonitorNoticesIT {
    private static final Pattern PAGE = Pattern.compile("status page on (http://[^ ;]+/)");
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSHOVER_KEY = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
    private static final String PD_KEY = "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** One request a provider's receiver got: its path, the body (a form decoded to JSON-like text) and headers. */
    private record Request(String path, String body, Map<String, String> headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        /** A form body's fields. */
        Map<String, String> form() {
            Map<String, String> f = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                f.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return f;
        }
    }

    @Test
    @SuppressWarnings("try") // the service's server is only held open
    void everyChannelLinksToTheStatusPageAndFlagsTheGroupsAlert() throws Exception {
        assertTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager is not installed (.ci/run installs it)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // exim's user reads its dir
        List<Request> requests = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            requests.add(new Request(ex.getRequestURI().getRawPath(),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), headers));
            byte[] ok = "{\"ok\":true,\"status\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        int amPort = freePort();
        String am = "http://127.0.0.1:" + amPort;
        int dbPort = freePort();
        Files.writeString(dir.resolve("am.yml"), "route: {receiver: sink, group_wait: 1s}\nreceivers: [{name: sink}]\n");
        Process alertmanager = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + dir.resolve("am.yml"),
                "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile())
                .start();
        try (EximServer exim = EximServer.start(Files.createDirectories(dir.resolve("exim")), "monitor", "m41lPassw0rd")) {
            await(() -> status(am + "/-/ready") == 200, 30, () -> "alertmanager not ready: " + read(dir.resolve("am.log")));
            Files.writeString(dir.resolve("smtp-password"), "m41lPassw0rd\n");
            Path config = dir.resolve("monitor.yaml");
            Files.writeString(config, """
                    defaults: {interval: 100ms, timeout: 1s, labels: {env: test}}
                    services:
                      - {name: db, address: "127.0.0.1:%1$d"}
                    groups:
                      - {name: backend, members: [db]}
                    evaluation:
                      down: {consecutive_failures: 2}
                      up: {consecutive_successes: 1}
                    metrics: {listen: "127.0.0.1:0"}
                    store: {path: "%2$s/monitor.db"}
                    alerts:
                      - {name: db-down, target: db, when: down, send_resolved: true, channels: [%3$s]}
                      - {name: backend-down, target: backend, when: down, send_resolved: true, channels: [%3$s]}
                    channels:
                      hook: {type: webhook, url: "%4$s/hook"}
                      slack: {type: slack, url: "%4$s/slack/T0/B0/x"}
                      discord: {type: discord, url: "%4$s/discord/1/x"}
                      teams: {type: teams, url: "%4$s/teams"}
                      mm: {type: mattermost, url: "%4$s/mm"}
                      ntfy: {type: ntfy, url: "%4$s/ntfy/", topic: ops}
                      gotify: {type: gotify, url: "%4$s/gotify", token: gotifytoken}
                      pushover: {type: pushover, url: "%4$s/pushover/1/messages.json", token: %5$s, user: %5$s}
                      telegram: {type: telegram, url: "%4$s/telegram", token: "123:abc", chat_id: 42}
                      pd: {type: pagerduty, url: "%4$s/pd/v2/enqueue", routing_key: %6$s}
                      og: {type: opsgenie, url: "%4$s/og", api_key: opsgenie-key}
                      am: {type: alertmanager, url: "%7$s", resend: 1s}
                      mail: {type: email, host: 127.0.0.1, port: %8$d, username: monitor, password_file: "%2$s/smtp-password",
                             from: tcpswarm@example.org, to: [oncall@example.org], ca_file: "%9$s"}
                    """.formatted(dbPort, dir, "hook, slack, discord, teams, mm, ntfy, gotify, pushover, telegram, pd, og, am, mail",
                    base, PUSHOVER_KEY, PD_KEY, am, exim.port(), exim.certificate()));

            try (JarProcess monitor = JarProcess.start("monitor", config.toString())) {
                Matcher m = PAGE.matcher(monitor.awaitLine("monitoring 1 service", 60));
                assertTrue(m.find(), "the status page is served");
                String link = m.group(1);
                await(() -> firing(requests, "backend-down") >= 11 && firing(requests, "db-down") >= 11, 30,
                        () -> "not every channel's firing notices arrived: " + requests);
                // Alertmanager holds both alerts: the group's labelled group, the service's labelled service
                await(() -> amAlert(am, "backend-down").isPresent() && amAlert(am, "db-down").isPresent(), 30,
                        () -> "not both alerts in Alertmanager: " + get(am + "/api/v2/alerts"));
                JsonNode groupAlert = amAlert(am, "backend-down").orElseThrow();
                assertEquals("backend", groupAlert.path("labels").path("group").asText(), groupAlert.toString());
                assertFalse(groupAlert.path("labels").has("service"), groupAlert.toString());
                assertEquals(link, groupAlert.path("generatorURL").asText(), groupAlert.toString());
                JsonNode serviceAlert = amAlert(am, "db-down").orElseThrow();
                assertEquals("db", serviceAlert.path("labels").path("service").asText(), serviceAlert.toString());
                assertFalse(serviceAlert.path("labels").has("group"), serviceAlert.toString());
                assertEquals(link, serviceAlert.path("generatorURL").asText(), serviceAlert.toString());
                String mail = exim.awaitMailbox("Subject: [FIRING] backend-down", 30);
                String groupMail = mail.substring(mail.indexOf("Subject: [FIRING] backend-down"));
                assertTrue(groupMail.contains("group: backend is DOWN"), groupMail);
                assertTrue(groupMail.contains("status: " + link), groupMail);

                checkFiring(requests, link);

                try (BuiltInServer up = BuiltInServer.start(InetAddress.getLoopbackAddress(), dbPort, ServerMode.CLOSE, 0, 1)) {
                    await(() -> requests.stream().filter(r -> r.path().equals("/hook"))
                            .filter(r -> r.body().contains("\"resolved\"")).count() == 2, 30,
                            () -> "no resolved webhook notices: " + requests);
                    for (Request r : requests) {
                        if (r.path().equals("/hook") && r.body().contains("\"resolved\"")) {
                            assertEquals(link, r.json().path("link").asText(), r.body());
                        }
                    }
                    exim.awaitMailbox("Subject: [RESOLVED] backend-down", 30);
                    await(() -> amAlert(am, "backend-down").isEmpty(), 30,
                            () -> "the group's alert is still active in Alertmanager: " + get(am + "/api/v2/alerts"));
                }
                monitor.signal("INT");
                assertEquals(0, monitor.awaitExit(30), monitor.stderr());
            }
        } finally {
            receiver.stop(0);
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Each HTTP provider's firing notice of both alerts: the link in its field, the group flagged. */
    private static void checkFiring(List<Request> requests, String link) throws IOException {
        for (String alert : List.of("backend-down", "db-down")) {
            boolean group = alert.equals("backend-down");
            String targetWord = group ? "Group" : "Service";
            String target = group ? "backend" : "db";
            String why = alert + " via ";

            JsonNode hook = first(requests, "/hook", alert).json();
            assertEquals(link, hook.path("link").asText(), why + "webhook: " + hook);
            assertEquals(group, hook.path("group").asBoolean(false), why + "webhook: " + hook);

            JsonNode slack = first(requests, "/slack/", alert).json().path("attachments").path(0);
            assertEquals(link, slack.path("title_link").asText(), why + "slack: " + slack);
            assertEquals(target, field(slack.path("fields"), "title", targetWord, "value"), why + "slack: " + slack);

            JsonNode discord = first(requests, "/discord/", alert).json().path("embeds").path(0);
            assertEquals(link, discord.path("url").asText(), why + "discord: " + discord);
            assertEquals(target, field(discord.path("fields"), "name", targetWord, "value"), why + "discord: " + discord);

            String teamsText = first(requests, "/teams", alert).body();
            JsonNode card = JSON.readTree(teamsText).path("attachments").path(0).path("content");
            boolean opens = false;
            for (JsonNode a : card.path("actions")) {
                opens |= a.path("type").asText().equals("Action.OpenUrl") && a.path("url").asText().equals(link);
            }
            assertTrue(opens, why + "teams: an Action.OpenUrl to the status page: " + card);
            assertTrue(teamsText.contains("\"title\":\"" + targetWord + "\",\"value\":\"" + target + "\""),
                    why + "teams: " + teamsText);

            JsonNode mm = first(requests, "/mm", alert).json().path("attachments").path(0);
            assertEquals(link, mm.path("title_link").asText(), why + "mattermost: " + mm);
            assertEquals(target, field(mm.path("fields"), "title", targetWord, "value"), why + "mattermost: " + mm);

            JsonNode ntfy = first(requests, "/ntfy/", alert).json();
            assertEquals(link, ntfy.path("click").asText(), why + "ntfy: " + ntfy);
            assertTrue(ntfy.path("message").asText().contains(targetWord.toLowerCase(java.util.Locale.ROOT) + ": " + target
                    + " is DOWN"), why + "ntfy: " + ntfy);

            JsonNode gotify = first(requests, "/gotify/message", alert).json();
            assertEquals(link, gotify.path("extras").path("client::notification").path("click").path("url").asText(),
                    why + "gotify: " + gotify);

            Map<String, String> pushover = first(requests, "/pushover/1/messages.json", alert).form();
            assertEquals(link, pushover.get("url"), why + "pushover: " + pushover);

            JsonNode telegram = first(requests, "/telegram/bot123:abc/sendMessage", alert).json();
            assertTrue(telegram.path("text").asText().contains("status: " + link), why + "telegram: " + telegram);

            JsonNode pd = first(requests, "/pd/v2/enqueue", alert).json();
            assertEquals(link, pd.path("links").path(0).path("href").asText(), why + "pagerduty: " + pd);
            assertEquals(group ? "group" : "service", pd.path("payload").path("group").asText(), why + "pagerduty: " + pd);

            JsonNode og = first(requests, "/og/v2/alerts", alert).json();
            assertEquals(link, og.path("details").path("status_page").asText(), why + "opsgenie: " + og);
            assertEquals(target, og.path("details").path(group ? "group" : "service").asText(), why + "opsgenie: " + og);
        }
    }

    /** The value of the item of {@code fields} whose {@code key} is {@code name}. */
    private static String field(JsonNode fields, String key, String name, String value) {
        for (JsonNode f : fields) {
            if (f.path(key).asText().equals(name)) {
                return f.path(value).asText();
            }
        }
        return "no field " + name + " in " + fields;
    }

    private static long firing(List<Request> requests, String alert) {
        return requests.stream().filter(r -> !r.path().equals("/hook") || r.body().contains("\"firing\""))
                .filter(r -> decoded(r).contains(alert)).count();
    }

    private static String decoded(Request r) {
        return r.path().startsWith("/pushover/") ? URLDecoder.decode(r.body(), StandardCharsets.UTF_8) : r.body();
    }

    private static Request first(List<Request> requests, String path, String alert) {
        return requests.stream().filter(r -> path.endsWith("/") ? r.path().startsWith(path) : r.path().equals(path))
                .filter(r -> decoded(r).contains(alert)).findFirst()
                .orElseThrow(() -> new AssertionError("no request to " + path + " for " + alert + ": " + requests));
    }

    /** The active alert of that name in Alertmanager's own API. */
    private Optional<JsonNode> amAlert(String am, String name) {
        try {
            for (JsonNode a : JSON.readTree(get(am + "/api/v2/alerts?active=true"))) {
                if (a.path("labels").path("alertname").asText().equals(name)
                        && a.path("status").path("state").asText().equals("active")) {
                    return Optional.of(a);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void await(BooleanSupplier done, long seconds, Supplier<String> why) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(100);
        }
    }
}
