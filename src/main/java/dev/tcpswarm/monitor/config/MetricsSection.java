package dev.tcpswarm.monitor.config;

import dev.tcpswarm.metrics.ListenAddress;
import java.net.InetSocketAddress;
import java.util.Set;

/** {@code metrics}: where {@code /metrics} (and the status page) are served; absent, none. Stateless. */
public final class MetricsSection implements ConfigSection<InetSocketAddress> {
    public static final MetricsSection INSTANCE = new MetricsSection();
    /** The address when the section gives none. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9469";

    private MetricsSection() {
    }

    @Override
    public String key() {
        return "metrics";
    }

    @Override
    public InetSocketAddress read(ConfigNode node, Earlier earlier) throws ConfigException {
        if (!node.present()) {
            return null;
        }
        if (!node.isMapping()) {
            throw node.error("expected a mapping, e.g. {listen: 127.0.0.1:9469}");
        }
        node.allowOnly(Set.of("listen"));
        ConfigNode listen = node.get("listen");
        try {
            return ListenAddress.parse(listen.text(DEFAULT_LISTEN));
        } catch (IllegalArgumentException e) {
            throw listen.error(e.getMessage());
        }
    }

    @Override
    public String describe(InetSocketAddress value) {
        return value == null ? "none" : ListenAddress.format(value);
    }
}
