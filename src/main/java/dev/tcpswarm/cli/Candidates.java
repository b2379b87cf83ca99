package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.plan.CloseMode;
import dev.tcpswarm.server.ServerMode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The values of the options that take one of a fixed set, as picocli's {@code completionCandidates}:
 * the shell completion generated at build time offers them, and a description may show them with
 * {@code ${COMPLETION-CANDIDATES}}. Each list is taken from the type or constant that defines the
 * values, so completion follows the code. Instantiated by picocli when it builds the model, on the
 * thread that builds it.
 */
final class Candidates {
    private Candidates() {
    }

    /** A fixed list of values, in the order the help shows them. */
    abstract static class Values implements Iterable<String> {
        private final List<String> values;

        Values(List<String> values) {
            this.values = List.copyOf(values);
        }

        /** The constants of {@code type}, each as the command line spells it. */
        static <E extends Enum<E>> List<String> of(Class<E> type, Function<E, String> spelling) {
            return Arrays.stream(type.getEnumConstants()).map(spelling).toList();
        }

        @Override
        public Iterator<String> iterator() {
            return values.iterator();
        }
    }

    /** {@code --transport}: auto, epoll, io_uring, nio. */
    static final class Transports extends Values {
        Transports() {
            super(Transport.CHOICES);
        }
    }

    /** {@code --close}: fin, rst. */
    static final class CloseModes extends Values {
        CloseModes() {
            super(of(CloseMode.class, m -> m.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** {@code serve --mode}: hold, close, reset, echo, stall. */
    static final class ServerModes extends Values {
        ServerModes() {
            super(of(ServerMode.class, ServerMode::label));
        }
    }

    /** {@code --output}: text, json. */
    static final class OutputFormats extends Values {
        OutputFormats() {
            super(OutputOptions.FORMATS);
        }
    }
}
