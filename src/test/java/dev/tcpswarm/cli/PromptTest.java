package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Without -y: the banner and tcpgoon's question; only y or yes proceeds, anything else opens nothing. */
class PromptTest {
    BuiltInServer server;

    @BeforeEach
    void start() throws Exception {
        server = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.HOLD, 0, 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"y\n", "yes\n", "Y\n", " YES \n"})
    void yesProceeds(String answer) throws Exception {
        Cli.Outcome o = Cli.runWithInput(answer, "127.0.0.1", String.valueOf(server.port()), "-c", "5", "-s", "0", "-i", "0");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("tcpswarm is going to open 5 TCP connections to 127.0.0.1:" + server.port()), o.out());
        assertTrue(o.out().contains("Do you want to continue? (y/N)"), o.out());
        Kernel.awaitEquals(5, server::accepted, 10, "server accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"n\n", "no\n", "\n", "", "maybe\n"})
    void anythingElseAbortsHavingOpenedNothing(String answer) throws Exception {
        Cli.Outcome o = Cli.runWithInput(answer, "127.0.0.1", String.valueOf(server.port()), "-c", "5", "-s", "0");
        assertEquals(1, o.exit());
        assertTrue(o.out().contains("Do you want to continue? (y/N)"), o.out());
        assertTrue(o.err().contains("nothing was opened"), o.err());
        Thread.sleep(200);
        assertEquals(0, server.accepted());
    }
}
