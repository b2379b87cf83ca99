package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --transport} on the command line of run, ramp and serve. */
class TransportOptionTest {
    @ParameterizedTest
    @ValueSource(strings = {"run", "ramp", "serve"})
    void anUnknownTransportIsBadInputInOneLine(String command) {
        List<String> args = command.equals("serve") ? List.of("serve", "--transport", "kqueue")
                : List.of(command, "127.0.0.1", "9", "--transport", "kqueue", "-y");
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(64, o.exit(), o.err());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains("'kqueue' is not a transport: use auto, epoll, io_uring, nio"), o.err());
    }

    @Test
    void runOverNioDialsEveryConnectionAndSaysNothingAboutIt() throws Exception {
        try (BuiltInServer server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1)) {
            Cli.Outcome o = Cli.run("run", "127.0.0.1", String.valueOf(server.port()), "-c", "200", "-s", "0", "-y",
                    "-i", "0", "--transport", "NIO");
            assertEquals(0, o.exit(), o.out() + o.err());
            assertEquals(List.of(), o.errLines());
            assertTrue(o.out().contains("Total: 200, Dialing: 0, Established: 200"), o.out());
            Kernel.awaitEquals(200, server::accepted, 10, "accepted by the server");
        }
    }
}
