package dev.tcpswarm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryOnLoopbackAndOtherPathsToThePagesHandler() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge.builder().name("tcpswarm_test_value").help("a test value").register(registry).set(42);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("0"), registry, exchange -> {
            byte[] body = "page".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        })) {
            assertTrue(endpoint.address().getAddress().isLoopbackAddress());
            HttpResponse<String> metrics = get(endpoint.port(), "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("tcpswarm_test_value 42.0"), metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals("page", get(endpoint.port(), "/").body());
        }
    }

    @Test
    void withoutPagesOtherPathsAreNotFound() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ListenAddress.parse("127.0.0.1:0"),
                new PrometheusRegistry(), null)) {
            assertEquals(404, get(endpoint.port(), "/").statusCode());
        }
    }

    @Test
    void listenAddressForms() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9469), ListenAddress.parse("9469"));
        assertEquals(new InetSocketAddress("127.0.0.2", 1), ListenAddress.parse("127.0.0.2:1"));
        assertEquals(new InetSocketAddress("::1", 9690), ListenAddress.parse("[::1]:9690"));
        assertEquals("[0:0:0:0:0:0:0:1]:9690", ListenAddress.format(ListenAddress.parse("[::1]:9690")));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("::1:9690"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:70000"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:x"));
    }
}
