package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code monitor --test-channel NAME}: one test notice through one configured channel, once (no
 * retries), as Gatus' and Uptime Kuma's "test" buttons do. The command's thread.
 */
public final class ChannelTest {
    private ChannelTest() {
    }

    /** Sends the test notice and waits for the try (its timeout and a margin); the outcome, as {@link Attempt}. */
    public static Attempt send(ChannelConfig config, PrintStream out, PrintStream err) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long now = System.currentTimeMillis();
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.ofEpochMilli(now)
                .atZone(ZoneId.systemDefault()));
        Notice notice = new Notice("tcpswarm-test", "TEST", "test", "UP",
                "a test notification from tcpswarm monitor (--test-channel " + config.name() + ")",
                Map.of(), now, now, local, false, "", "");
        Channel channel = Channels.open(config, new ChannelContext(out::println, err::println, http));
        try {
            return channel.deliver(notice).get(Math.max(config.timeoutMillis(), 1000) + 5000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Attempt.failed(String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            return Attempt.failed("no answer within the channel's timeout");
        } finally {
            channel.close();
        }
    }
}
