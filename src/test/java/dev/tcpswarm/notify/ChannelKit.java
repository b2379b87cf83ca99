package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ConfigException;
import dev.tcpswarm.monitor.config.ConfigReader;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Test helpers: channels read from a config's {@code channels:} section (the real reader), opened, and notices. */
final class ChannelKit implements AutoCloseable {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService blocking = Executors.newCachedThreadPool();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The spec of channel {@code name} in a config whose channels section is {@code channelsYaml} (indented 2). */
    static ChannelSpec spec(String name, String channelsYaml, Map<String, String> env) throws ConfigException {
        String yaml = "services:\n  - {name: db, address: \"127.0.0.1:1\"}\nchannels:\n" + channelsYaml;
        return new ConfigReader(List.of()).withEnvironment(env::get).read("m.yaml", yaml).channels().get(name).spec();
    }

    /** The one-line error for a config whose channels section is {@code channelsYaml}. */
    static String error(String channelsYaml, Map<String, String> env) {
        try {
            spec("x", channelsYaml, env);
            throw new AssertionError("accepted: " + channelsYaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    NoticeChannel open(ChannelSpec spec) {
        return spec.open(new ProviderContext(http, scheduler, blocking, 5000));
    }

    DeliveryResult deliver(NoticeChannel channel, AlertNotice notice) throws Exception {
        return channel.deliver(notice).get(20, TimeUnit.SECONDS);
    }

    static AlertNotice notice(AlertNotice.Kind kind, String state, long at) {
        return new AlertNotice(kind, "db-down", "db", false, state, "db " + state.toUpperCase() + " (3 consecutive timeouts)",
                Map.of("team", "data"), at - 60_000, at, "", "http://127.0.0.1:9469/");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }
}
