package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bare {@code -t} below 100 is milliseconds, as tcpgoon's {@code -t}, but tcpgoon's older README
 * gave it in seconds: {@code run} and {@code ramp} say so in one line on stderr, and say nothing for
 * a value with a unit, a bare 100 or more, or the default.
 */
class DialTimeoutNoteTest {
    private static final String NOTE = "tcpswarm: note: -t 5 is 5 ms (a bare number is milliseconds, as in tcpgoon); "
            + "for seconds write -t 5s";

    private static List<String> notes(String err) {
        return err.lines().filter(l -> l.startsWith("tcpswarm: note: ")).toList();
    }

    @Test
    void aBareDialTimeoutBelow100GetsOneNoteAndTheRunGoesOn() throws Exception {
        try (BuiltInServer s = BuiltInServer.start(InetAddress.getLoopbackAddress(), 0, ServerMode.CLOSE, 0, 1)) {
            String port = String.valueOf(s.port());
            Cli.Outcome run = Cli.run("127.0.0.1", port, "-y", "-i", "0", "-c", "2", "-t", "5");
            assertEquals(List.of(NOTE), notes(run.err()), run.err());
            assertEquals(0, run.exit(), run.err());
            Cli.Outcome longForm = Cli.run("127.0.0.1", port, "-y", "-i", "0", "-c", "2", "--dial-timeout", "5");
            assertEquals(List.of(NOTE), notes(longForm.err()), longForm.err());
            Cli.Outcome ramp = Cli.run("ramp", "127.0.0.1", port, "-y", "--start", "1", "--max", "2", "-t", "5");
            assertEquals(List.of(NOTE), notes(ramp.err()), ramp.err());
            for (List<String> quiet : List.<List<String>>of(List.of("-t", "5ms"), List.of("-t", "5s"),
                    List.of("-t", "500"), List.of("-t", "100"), List.of())) {
                List<String> args = new java.util.ArrayList<>(List.of("127.0.0.1", port, "-y", "-i", "0", "-c", "2"));
                args.addAll(quiet);
                Cli.Outcome o = Cli.run(args.toArray(String[]::new));
                assertEquals(List.of(), notes(o.err()), quiet + ": " + o.err());
                assertFalse(o.err().contains("-t "), quiet + ": " + o.err());
                assertEquals(0, o.exit(), quiet + ": " + o.err());
            }
        }
    }
}
