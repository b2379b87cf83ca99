package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Transport;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --transport}, shared by {@code run}, {@code ramp} and {@code serve}: which of Netty's
 * transports carries the connections. Read on the command's thread.
 */
public final class TransportOptions {
    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio", defaultValue = "auto",
            converter = Name.class, completionCandidates = Candidates.Transports.class,
            description = "Netty transport: auto (default: epoll on Linux, else nio), epoll, io_uring (Linux 5.9+, "
                    + "where the kernel allows it) or nio; one not available here falls back to auto's choice, "
                    + "with a line on stderr")
    String transport = "auto";

    /** The transport to use; hands {@code stderr} the one line when the one asked for is not available. */
    Transport choose(Consumer<String> stderr) {
        Transport.Choice choice = Transport.choose(transport);
        if (choice.fallbackNote() != null) {
            stderr.accept("tcpswarm: " + choice.fallbackNote());
        }
        return choice.transport();
    }

    /** Accepts the names in any letter case. */
    static final class Name implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String name = value.toLowerCase(Locale.ROOT);
            if (!Transport.CHOICES.contains(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a transport: use "
                        + String.join(", ", Transport.CHOICES));
            }
            return name;
        }
    }
}
