package dev.tcpswarm.monitor.config;

import dev.tcpswarm.engine.ProbeFamily;
import dev.tcpswarm.engine.ProbeRequest;
import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.conversation.Step;
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
 * @param conversation the send and expect steps after the connect (and TLS), from {@code steps:} or
 *     {@code check:}; null for a plain connect
 */
public record ServiceConfig(String name, String host, int port, long intervalNanos, long timeoutMillis,
        ProbeFamily family, int attempts, Map<String, String> labels, EvaluationConfig evaluation, ServiceTls tls,
        Conversation conversation) {

    /** A service without a conversation. */
    public ServiceConfig(String name, String host, int port, long intervalNanos, long timeoutMillis,
            ProbeFamily family, int attempts, Map<String, String> labels, EvaluationConfig evaluation, ServiceTls tls) {
        this(name, host, port, intervalNanos, timeoutMillis, family, attempts, labels, evaluation, tls, null);
    }

    /** {@code host:port}, or {@code [v6]:port}. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same service judged by {@code rules}. */
    public ServiceConfig withEvaluation(EvaluationConfig rules) {
        return new ServiceConfig(name, host, port, intervalNanos, timeoutMillis, family, attempts, labels, rules, tls,
                conversation);
    }

    /**
     * The longest one probe can take to report: every connect attempt, then the TLS handshake, each up
     * to the timeout, then the conversation's steps, each up to its own timeout or the probe's.
     */
    public long longestProbeMillis() {
        long millis = timeoutMillis * attempts + (tls == null ? 0 : timeoutMillis);
        if (conversation != null) {
            for (Step step : conversation.steps()) {
                if (step instanceof Step.Expect e && e.timeoutNanos() > 0) {
                    millis += java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(e.timeoutNanos()) + 1;
                } else if (step instanceof Step.StartTls st) {
                    millis += timeoutMillis * (st.protocol().upgrade().size() + 1); // its upgrade, then the handshake
                } else {
                    millis += timeoutMillis;
                }
            }
        }
        return millis;
    }

    /** What the engine does for one probe of this service. */
    public ProbeRequest probeRequest() {
        return new ProbeRequest(host, port, family, timeoutMillis, attempts,
                tls == null ? Optional.empty() : Optional.of(tls.settings(timeoutMillis)),
                Optional.ofNullable(conversation));
    }
}
