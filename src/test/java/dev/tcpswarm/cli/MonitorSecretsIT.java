package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tcpswarm.notify.EximServer;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets of a running monitor's channels never come out. The real jar runs with a channel of
 * every provider type, their secrets from the environment ({@code ${env:NAME}}) and from files
 * ({@code KEY_file}): a webhook whose address holds a token and whose {@code Authorization} header a
 * bearer token, Slack, Discord, Teams and Mattermost webhook addresses, an ntfy password, Gotify,
 * Pushover and Telegram tokens, a PagerDuty routing key, an Opsgenie key, Alertmanager's basic-auth
 * password and an SMTP password (Debian's exim4). Each type is configured three times: towards a
 * receiver that accepts, one that refuses and echoes the whole request in its answer (as Express's
 * {@code Cannot POST /path} does, headers and body added), and one that is unavailable (503, retried).
 * Alerts fire and resolve, a reload fails on a mistyped address and another succeeds, {@code /api/*},
 * the status page, a badge and {@code /metrics} are read; then {@code --check} and
 * {@code --test-channel} of every channel. No secret (nor its first or last 12 characters, nor its
 * base64 in a basic-auth header or an SMTP login) is in stdout, stderr, the events file, the daily
 * files, the store, any API answer or the metrics; every secret did reach its receiver.
 */
@Timeout(300)
class MonitorSecretsIT {
    private static final Pattern ENDPOINT = Pattern.compile("status page on http://([^ ;]+)/");
    private static final Map<String, String> ENV = new LinkedHashMap<>();
    private static final String HOOK_TOKEN = "hookTok3nQv7Lr2Zp9Xc4Mn8Bw";
    private static final String HOOK_BEARER = "bearerS3cr9Tg4Hy7Uj2Ik5Ol1";
    private static final String SLACK_TOKEN = "slackT0kWq8Er3Ty6Ui1Op4As9";
    private static final String DISCORD_TOKEN = "discordTk5Df2Gh8Jk3Lz6Xc1V";
    private static final String TEAMS_TOKEN = "teamsSig7Bn4Mq1We8Rt5Yu2Io";
    private static final String MATTERMOST_TOKEN = "mmHook9Pa6Sd3Fg0Hj7Kl4Zx1C";
    private static final String NTFY_PASSWORD = "ntfyPw4Vb7Nm2Qw5Er8Ty1Ui6O";
    private static final String GOTIFY_TOKEN = "gotifyTk3As6Df9Gh2Jk5Lz8X";
    private static final String PUSHOVER_TOKEN = "pushTok0Zx3Cv6Bn9Mq2We5Rt8Yu1K"; // 30 letters and digits
    private static final String PUSHOVER_USER = "pushUsr7Io4Pa1Sd8Fg5Hj2Kl9Zx3C";
    private static final String TELEGRAM_TOKEN = "8412309:telegramBot6Vb3Nm0Qw7Er4Ty";
    private static final String PAGERDUTY_KEY = "pdRoutingKey5Ui2Op9As6Df3Gh0Jk7L"; // 32
    private static final String OPSGENIE_KEY = "opsgenieKey8Zx5Cv2Bn9Mq6We3Rt0Y";
    private static final String AM_PASSWORD = "amPassw0rd4Ui1Op8As5Df2Gh9J";
    private static final String SMTP_PASSWORD = "smtpPassw0rd6Kl3Zx0Cv7Bn4Mq";
    private static final String WRONG_SMTP_PASSWORD = "wrongSmtpPw1We8Rt5Yu2Io9Pa";

    static {
        ENV.put("HOOK_TOKEN", HOOK_TOKEN);
        ENV.put("HOOK_BEARER", HOOK_BEARER);
        ENV.put("DISCORD_TOKEN", DISCORD_TOKEN);
        ENV.put("TEAMS_TOKEN", TEAMS_TOKEN);
        ENV.put("MATTERMOST_TOKEN", MATTERMOST_TOKEN);
        ENV.put("GOTIFY_TOKEN", GOTIFY_TOKEN);
        ENV.put("PUSHOVER_TOKEN", PUSHOVER_TOKEN);
        ENV.put("PAGERDUTY_KEY", PAGERDUTY_KEY);
        ENV.put("OPSGENIE_KEY", OPSGENIE_KEY);
        ENV.put("AM_PASSWORD", AM_PASSWORD);
        ENV.put("SMTP_PASSWORD", SMTP_PASSWORD);
    }

    @TempDir
    Path dir;

    /** A local HTTP receiver that records every request whole and answers as its kind says. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> requests = new CopyOnWriteArrayList<>();

        Receiver(String kind) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                URI uri = ex.getRequestURI();
                StringBuilder seen = new StringBuilder(ex.getRequestMethod()).append(' ').append(uri.getRawPath())
                        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                for (String h : List.of("Authorization", "X-Gotify-Key")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        seen.append(" (").append(h).append(": ").append(v).append(')');
                    }
                }
                seen.append(' ').append(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                requests.add(seen.toString());
                int status;
                String answer;
                switch (kind) {
                    case "ok" -> {
                        status = 200;
                        answer = "{\"ok\":true,\"status\":1}";
                    }
                    case "refuse" -> {
                        status = 401;
                        answer = "Cannot " + seen;
                    }
                    default -> {
                        status = 503;
                        answer = "unavailable: " + seen;
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, bytes.length);
                ex.getResponseBody().write(bytes);
                ex.close();
            });
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String all() {
            return String.join("\n", requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @SuppressWarnings("try") // the flap service's server is held open while the alert resolves, never referenced
    void noSecretReachesAnyOutputOfARunningMonitor() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // exim's user reads its dir
        Path eximDir = Files.createDirectories(dir.resolve("exim"));
        int downPort = freePort();
        int flapPort = freePort();
        try (Receiver ok = new Receiver("ok"); Receiver refuse = new Receiver("refuse");
                Receiver flaky = new Receiver("flaky");
                EximServer exim = EximServer.start(eximDir, "monitor", SMTP_PASSWORD)) {
            Map<String, String> channels = new LinkedHashMap<>();
            for (Receiver r : List.of(ok, refuse, flaky)) {
                String kind = r == ok ? "ok" : r == refuse ? "refuse" : "flaky";
                channels.putAll(httpChannels(kind, r.base()));
            }
            channels.put("email-ok", email(exim, "password: \"${env:SMTP_PASSWORD}\""));
            channels.put("email-refused", email(exim, "password_file: " + secretFile("smtp-wrong", WRONG_SMTP_PASSWORD)));
            channels.put("webhook-down", "{type: webhook, url: \"http://127.0.0.1:" + downPort
                    + "/hooks/${env:HOOK_TOKEN}\", retries: 1, backoff: 100ms}");
            Path config = dir.resolve("monitor.yaml");
            Files.writeString(config, config(channels, downPort, flapPort, ""));

            String stdout;
            String stderr;
            Map<String, String> api = new LinkedHashMap<>();
            try (JarProcess monitor = JarProcess.startWithEnvironment(ENV, "monitor", config.toString())) {
                Matcher m = ENDPOINT.matcher(monitor.awaitLine("monitoring 2 services", 60));
                assertTrue(m.find(), "the status page is served");
                String web = "http://" + m.group(1);
                await(() -> ok.all().contains("[FIRING] flap-alert"), 30, () -> "no firing notice: " + ok.all());
                try (BuiltInServer up = BuiltInServer.start(InetAddress.getLoopbackAddress(), flapPort, ServerMode.CLOSE, 0, 1)) {
                    await(() -> ok.all().contains("[RESOLVED] flap-alert"), 30, () -> "no resolved notice: " + ok.all());
                    exim.awaitMailbox("Subject: [RESOLVED] flap-alert", 30);
                    for (String name : channels.keySet()) {
                        if (!name.endsWith("-ok")) {
                            String failed = "flap-alert RESOLVED via " + name + " failed after";
                            await(() -> monitor.stderr().contains(failed), 30, () -> "no '" + failed + "' on stderr:\n"
                                    + monitor.stderr());
                        }
                    }
                    // a reload with a mistyped address fails, then one with a changed timeout is taken
                    Files.writeString(config, config(channels, downPort, flapPort, "").replace(
                            "url: \"" + ok.base() + "/hooks/", "url: \"htp://127.0.0.1/hooks/"));
                    monitor.signal("HUP");
                    await(() -> monitor.stderr().contains("reload failed"), 30, monitor::stderr);
                    Files.writeString(config, config(channels, downPort, flapPort, "").replace("timeout: 2s", "timeout: 3s"));
                    monitor.signal("HUP");
                    await(() -> Files.exists(eventsFile()) && read(eventsFile()).contains("RELOADED"), 30,
                            () -> "no RELOADED in the events file");
                    HttpClient http = HttpClient.newHttpClient();
                    for (String path : List.of("/api/services", "/api/services/down/history",
                            "/api/services/flap/history", "/api/services/down/daily", "/api/services/flap/daily",
                            "/api/incidents", "/api/logs", "/badge/flap/status.svg", "/badge/down/uptime.svg", "/",
                            "/metrics", "/api/nope")) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(web + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        api.put(path, r.statusCode() + " " + r.headers().map() + "\n" + r.body());
                    }
                    assertTrue(api.get("/metrics").contains("tcpswarm_monitor_notifications_total"), api.get("/metrics"));
                    assertTrue(api.get("/api/incidents").contains("flap"), api.get("/api/incidents"));
                }
                monitor.signal("INT");
                assertEquals(0, monitor.awaitExit(30), monitor.stderr());
                stdout = monitor.stdout();
                stderr = monitor.stderr();
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("stdout", stdout);
            outputs.put("stderr", stderr);
            try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
                for (Path f : files.sorted().toList()) {
                    outputs.put(f.getFileName().toString(), read(f));
                }
            }
            assertTrue(outputs.keySet().stream().anyMatch(k -> k.startsWith("events_")), outputs.keySet().toString());
            assertTrue(outputs.keySet().stream().anyMatch(k -> k.startsWith("tcp_stats")), outputs.keySet().toString());
            outputs.put("the store", dump(dir.resolve("monitor.db")));
            assertTrue(outputs.get("the store").contains("email-refused"), "the store holds the failed notifications");
            api.forEach((path, answer) -> outputs.put("GET " + path, answer));

            Outcome check = runJar("monitor", "--check", config.toString());
            assertEquals(0, check.exit(), check.toString());
            outputs.put("--check", check.toString());
            for (String name : channels.keySet()) {
                Outcome test = runJar("monitor", "--test-channel", name, config.toString());
                assertEquals(name.endsWith("-ok") ? 0 : 69, test.exit(), name + ": " + test);
                outputs.put("--test-channel " + name, test.toString());
            }

            // every secret did reach a receiver, so its absence from the outputs means something
            String received = ok.all() + refuse.all() + flaky.all();
            for (String s : List.of(HOOK_TOKEN, HOOK_BEARER, SLACK_TOKEN, DISCORD_TOKEN, TEAMS_TOKEN, MATTERMOST_TOKEN,
                    basic("alice", NTFY_PASSWORD), GOTIFY_TOKEN, PUSHOVER_TOKEN, PUSHOVER_USER, TELEGRAM_TOKEN,
                    PAGERDUTY_KEY, OPSGENIE_KEY, basic("am", AM_PASSWORD))) {
                assertTrue(received.contains(s), s + " reached no receiver");
                assertTrue(refuse.all().contains(s), s + " reached no refusing receiver (which echoes it)");
            }
            assertTrue(exim.log().contains("A=plain:monitor") || exim.log().contains("A=login:monitor"), exim.log());

            List<String> leaks = new ArrayList<>();
            for (String secret : secretForms()) {
                for (String piece : List.of(secret, secret.substring(0, 12), secret.substring(secret.length() - 12))) {
                    outputs.forEach((where, text) -> {
                        int at = text.indexOf(piece);
                        if (at >= 0) {
                            leaks.add(where + " holds '" + piece + "' (of " + secret + "): ..."
                                    + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 60)) + "...");
                        }
                    });
                }
            }
            assertEquals(List.of(), leaks);
        }
    }

    /** Each HTTP provider type as one channel towards {@code base}, named {@code TYPE-KIND}. */
    private Map<String, String> httpChannels(String kind, String base) throws IOException {
        String common = ", timeout: 2s, retries: 1, backoff: 100ms}";
        Map<String, String> c = new LinkedHashMap<>();
        c.put("webhook", "{type: webhook, url: \"" + base + "/hooks/${env:HOOK_TOKEN}?source=tcpswarm\","
                + " headers: {Authorization: \"Bearer ${env:HOOK_BEARER}\"}" + common);
        c.put("slack", "{type: slack, url_file: " + secretFile("slack-" + kind, base + "/services/T0/B0/" + SLACK_TOKEN)
                + common);
        c.put("discord", "{type: discord, url: \"" + base + "/api/webhooks/1234/${env:DISCORD_TOKEN}\"" + common);
        c.put("teams", "{type: teams, url: \"" + base + "/workflows/x/triggers/manual/paths/invoke?sig=${env:TEAMS_TOKEN}\""
                + common);
        c.put("mattermost", "{type: mattermost, url: \"" + base + "/hooks/${env:MATTERMOST_TOKEN}\"" + common);
        c.put("ntfy", "{type: ntfy, url: \"" + base + "/\", topic: ops, username: alice, password_file: "
                + secretFile("ntfy-" + kind, NTFY_PASSWORD) + common);
        c.put("gotify", "{type: gotify, url: \"" + base + "\", token: \"${env:GOTIFY_TOKEN}\"" + common);
        c.put("pushover", "{type: pushover, url: \"" + base + "/1/messages.json\", token: \"${env:PUSHOVER_TOKEN}\","
                + " user_file: " + secretFile("pushover-" + kind, PUSHOVER_USER) + common);
        c.put("telegram", "{type: telegram, url: \"" + base + "\", token_file: " + secretFile("telegram-" + kind,
                TELEGRAM_TOKEN) + ", chat_id: -1001234567890" + common);
        c.put("pagerduty", "{type: pagerduty, url: \"" + base + "/v2/enqueue\", routing_key: \"${env:PAGERDUTY_KEY}\""
                + common);
        c.put("opsgenie", "{type: opsgenie, url: \"" + base + "\", api_key: \"${env:OPSGENIE_KEY}\"" + common);
        c.put("alertmanager", "{type: alertmanager, url: \"" + base + "\", username: am, password: \"${env:AM_PASSWORD}\""
                + common);
        Map<String, String> named = new LinkedHashMap<>();
        c.forEach((type, yaml) -> named.put(type + "-" + kind, yaml));
        return named;
    }

    private String email(EximServer exim, String passwordLine) {
        return "{type: email, host: 127.0.0.1, port: " + exim.port() + ", starttls: true, username: monitor, "
                + passwordLine + ", from: tcpswarm@example.org, to: [oncall@example.org], ca_file: " + exim.certificate()
                + ", timeout: 2s, retries: 1, backoff: 100ms}";
    }

    private String config(Map<String, String> channels, int downPort, int flapPort, String more) {
        StringBuilder c = new StringBuilder("""
                defaults: {interval: 100ms, timeout: 1s, labels: {env: test}}
                services:
                  - {name: down, address: "127.0.0.1:%d"}
                  - {name: flap, address: "127.0.0.1:%d"}
                evaluation:
                  down: {consecutive_failures: 2}
                  up: {consecutive_successes: 1}
                logging: {dir: "%s"}
                metrics: {listen: "127.0.0.1:0"}
                store: {path: "%s"}
                """.formatted(downPort, flapPort, dir.resolve("logs"), dir.resolve("monitor.db")));
        String all = String.join(", ", channels.keySet());
        c.append("alerts:\n");
        c.append("  - {name: down-alert, target: down, when: down, channels: [stdout, log, ").append(all).append("]}\n");
        c.append("  - {name: flap-alert, target: flap, when: down, send_resolved: true, success_threshold: 1, channels: [stdout, log, ")
                .append(all).append("]}\n");
        c.append("channels:\n");
        channels.forEach((name, yaml) -> c.append("  ").append(name).append(": ").append(yaml).append('\n'));
        return c.append(more).toString();
    }

    /** Every form a secret could leak in. */
    private static List<String> secretForms() {
        List<String> forms = new ArrayList<>(List.of(HOOK_TOKEN, HOOK_BEARER, SLACK_TOKEN, DISCORD_TOKEN, TEAMS_TOKEN,
                MATTERMOST_TOKEN, NTFY_PASSWORD, GOTIFY_TOKEN, PUSHOVER_TOKEN, PUSHOVER_USER, TELEGRAM_TOKEN, PAGERDUTY_KEY,
                OPSGENIE_KEY, AM_PASSWORD, SMTP_PASSWORD, WRONG_SMTP_PASSWORD));
        forms.add(basic("alice", NTFY_PASSWORD));
        forms.add(basic("am", AM_PASSWORD));
        for (String pw : List.of(SMTP_PASSWORD, WRONG_SMTP_PASSWORD)) { // AUTH PLAIN and AUTH LOGIN
            forms.add(Base64.getEncoder().encodeToString(("\0monitor\0" + pw).getBytes(StandardCharsets.UTF_8)));
            forms.add(Base64.getEncoder().encodeToString(pw.getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String secretFile(String name, String value) throws IOException {
        return Files.writeString(dir.resolve(name + ".secret"), value + "\n").toString();
    }

    private Path eventsFile() {
        Path none = dir.resolve("logs").resolve("events_none");
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("events_")).findFirst().orElse(none);
        } catch (IOException notYet) {
            return none;
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    /** Every row of every table of the store, as text. */
    private static String dump(Path db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        out.append(t).append(':');
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            out.append(' ').append(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v);
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private record Outcome(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Outcome runJar(String... args) throws Exception {
        ProcessBuilder pb = JarProcess.command(List.of(), args);
        pb.environment().putAll(ENV);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + ": still running after 60 s");
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void await(BooleanSupplier done, long seconds, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(50);
        }
    }
}
