package dev.tcpswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad input: its documented exit code, one line on stderr naming the problem, no stack trace. */
class BadInputTest {
    static int closedPort;

    @BeforeAll
    static void freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1 70000                                   | 64 | out of range",
        "127.0.0.1 0                                       | 64 | out of range",
        "127.0.0.1 http                                    | 64 | not a number",
        "127.0.0.1:PORT -c 0                               | 64 | --connections must be at least 1",
        "127.0.0.1:PORT --rate 10 -s 5                     | 64 | use one of them",
        "127.0.0.1:PORT --rate -3                          | 64 | --rate",
        "127.0.0.1:PORT --bogus                            | 64 | --bogus",
        "--plain                                           | 64 | missing target",
        "nosuch.invalid 80                                 | 68 | cannot resolve host 'nosuch.invalid'",
        "-4 ::1 80                                         | 68 | no IPv4 address",
        "127.0.0.1:PORT -t 5x                              | 64 | not a duration",
        "127.0.0.1:PORT --close later                      | 64 | not fin or rst",
        "127.0.0.1:PORT --source 1.2.3                     | 64 | not an IP address",
        "127.0.0.1:PORT --source 127.0.0.9-127.0.0.1       | 64 | ends before it starts",
        "127.0.0.1:PORT --threshold p99<1                  | 64 | unknown metric 'p99'",
        "127.0.0.1:PORT --threshold p(99)<<1ms             | 64 | bad threshold",
        "127.0.0.1:PORT --output xml                       | 64 | not text or json",
        "127.0.0.1:PORT --json /nonexistent-dir/r.json     | 64 | does not exist",
        "127.0.0.1:PORT --reconnect                        | 64 | --hold",
        "127.0.0.1:PORT --abort-on-fail                    | 64 | --threshold",
        "127.0.0.1:PORT -h 10.0.0.1                        | 64 | given twice",
        "127.0.0.1:PORT 21002                              | 64 | the target is given in both forms ('127.0.0.1:PORT' and then '21002')",
        "127.0.0.1 PORT extra                              | 64 | unexpected argument 'extra'",
        "127.0.0.1:PORT --source 203.0.113.77              | 64 | --source 203.0.113.77 is not an address of this host",
        "127.0.0.1:PORT --source 127.0.0.1,203.0.113.77    | 64 | --source 203.0.113.77 is not an address of this host",
        "ramp 127.0.0.1:PORT --source 203.0.113.77         | 64 | --source 203.0.113.77 is not an address of this host",
        "::1:PORT                                          | 64 | put the address in brackets: [::1]:PORT",
        "fe80::1:8080                                      | 64 | [fe80::1]:8080",
        "[::1]:PORT --source 127.0.0.1                     | 64 | --source 127.0.0.1 is IPv4 but the target [::1]:PORT is IPv6",
        "127.0.0.1:PORT --source ::1                       | 64 | --source ::1 is IPv6 but the target 127.0.0.1:PORT is IPv4",
        "ramp [::1]:PORT --source 127.0.0.1-127.0.0.2      | 64 | is IPv4 but the target [::1]:PORT is IPv6",
        "rmap 127.0.0.1 PORT                               | 64 | is not a command: did you mean 'tcpswarm ramp'?",
        "moniter monitor.yaml --once                       | 64 | Unknown option: '--once'; 'moniter' is not a command: did you mean 'tcpswarm monitor'?",
        "esatblished --once                                | 64 | is not a command: did you mean 'tcpswarm established'?",
    })
    void badInputGetsItsExitCodeAndOneLine(String args, int exit, String mentions) {
        String[] argv = args.replace("PORT", String.valueOf(closedPort)).trim().split("\\s+");
        String[] withYes = new String[argv.length + 1];
        System.arraycopy(argv, 0, withYes, 0, argv.length);
        withYes[argv.length] = "-y";
        Cli.Outcome o = Cli.run(withYes);
        assertEquals(exit, o.exit(), o.err());
        assertEquals(1, o.errLines().size(), "one line on stderr, got:\n" + o.err());
        assertTrue(o.err().contains(mentions.replace("PORT", String.valueOf(closedPort))), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
        assertTrue(o.out().isEmpty(), "nothing on stdout: " + o.out());
    }

    /** A first word that is a host name, or no word close to a command, gets no guess. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"frobnicate", "web.internal 80 90", "run rmap 127.0.0.1 80"})
    void onlyAMistypedCommandGetsAGuess(String args) {
        Cli.Outcome o = Cli.run((args + " -y").split(" "));
        assertEquals(64, o.exit(), o.err());
        assertTrue(o.err().contains("missing target") || o.err().contains("unexpected argument"), o.err());
        assertFalse(o.err().contains("not a command"), o.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"127.0.0.1 70000 --debug", "nosuch.invalid 80 -d"})
    void debugAddsTheStackTrace(String args) {
        Cli.Outcome o = Cli.run((args + " -y").split(" "));
        assertTrue(o.err().contains("\tat "), o.err());
    }
}
