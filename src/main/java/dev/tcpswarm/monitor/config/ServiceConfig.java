package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeRequest;
import java.util.Map;
import java.util.Optional;

/**
 * One watched service, with the defaults already applied.
 *
 * @param name unique among services and groups; the {@code service} label of its metrics
 * @param host a name (looked up for every probe) or an address
 * @param labels free-form key/values carried into alerts and notifications (never metric labels)
 * @param evaluation its rules: the global ones, overridden by the service's own
 * @param tls the TLS handshake after the connect and the certificate's limits; null for plain TCP
 */
public record ServiceConfig(String name, String host, int port, long intervalNanos, long timeoutMillis,
        ProbeFamily family, int attempts, Map<String, String> labels, EvaluationConfig evaluation, ServiceTls tls) {

    /** {@code host:port}, or {@code [v6]:port}. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The longest one probe can take to report: every connect attempt, then the TLS handshake, each up to the timeout. */
    public long longestProbeMillis() {
        return timeoutMillis * attempts + (tls == null ? 0 : timeoutMillis);
    }

    /** What the engine does for one probe of this service. */
    public ProbeRequest probeRequest() {
        return new ProbeRequest(host, port, family, timeoutMillis, attempts,
                tls == null ? Optional.empty() : Optional.of(tls.settings(timeoutMillis)));
    }
}
