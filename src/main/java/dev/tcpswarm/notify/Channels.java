package dev.tcpswarm.notify;

import dev.tcpswarm.monitor.config.ChannelConfig;

/** Makes the channel of a configured kind: one class per kind (the providers' through {@link ProviderChannel}). Pure. */
public final class Channels {
    private Channels() {
    }

    public static Channel open(ChannelConfig config, ChannelContext context) {
        return switch (config.type()) {
            case STDOUT -> LineChannel.stdout(config, context.stdoutLine());
            case LOG -> LineChannel.log(config, context.logLine());
            case COMMAND -> new CommandChannel(config);
            default -> new ProviderChannel(config, context); // webhook and the providers
        };
    }
}
