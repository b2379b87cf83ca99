package dev.tcpswarm.monitor.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.conversation.StartTlsProtocol;
import dev.tcpswarm.engine.conversation.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service's {@code steps:} (and {@code check:}), read into the engine's conversation with one-line errors. */
class ServiceConversationSectionTest {
    private static MonitorConfig read(String yaml) throws ConfigException {
        return new ConfigReader(List.of()).read("m.yaml", yaml);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml)).getMessage();
    }

    private static final String HEAD = "services:\n  - name: cache\n    address: 127.0.0.1:6379\n";

    @Test
    void stepsBecomeTheProbesConversation() throws Exception {
        ServiceConfig s = read(HEAD + """
                    timeout: 2s
                    steps:
                      - send: 'PING\\r\\n'
                      - expect: '^\\+PONG'
                        timeout: 300ms
                        answer: true
                      - hex: '2a 31 0d 0a'
                      - bytes: 4
                      - starttls: smtp
                """).services().get(0);
        Conversation c = s.conversation();
        List<Step> steps = c.steps();
        assertEquals(5, steps.size());
        assertArrayEquals("PING\r\n".getBytes(StandardCharsets.US_ASCII), ((Step.Send) steps.get(0)).payload().bytes());
        Step.Expect pong = (Step.Expect) steps.get(1);
        assertEquals("^\\+PONG", pong.pattern().pattern());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), pong.timeoutNanos());
        assertTrue(pong.answer());
        assertArrayEquals(new byte[] {'*', '1', '\r', '\n'}, ((Step.Send) steps.get(2)).payload().bytes());
        assertEquals(4, ((Step.Expect) steps.get(3)).byteCount());
        assertEquals(0, ((Step.Expect) steps.get(3)).timeoutNanos(), "the probe's timeout");
        assertEquals(StartTlsProtocol.SMTP, ((Step.StartTls) steps.get(4)).protocol());
        assertEquals(c, s.probeRequest().conversation().orElseThrow());
        assertNull(read(HEAD).services().get(0).conversation());
    }

    @Test
    void badStepsAreOneLineNamingTheServiceAndTheKey() {
        assertEquals("m.yaml:5: services[0].steps[0].expect: service 'cache': '(' is not a regular expression: "
                + "Unclosed group at 1", error(HEAD + "    steps:\n      - expect: '('\n"));
        assertEquals("m.yaml:5: services[0].steps[0]: service 'cache': a step has no send, hex, expect, bytes or "
                + "starttls: give one", error(HEAD + "    steps:\n      - timeout: 1s\n"));
        assertEquals("m.yaml:5: services[0].steps[0].expect: service 'cache': a step has one of send, hex, expect, "
                + "bytes or starttls, not both send and expect", error(HEAD + "    steps:\n      - {send: a, expect: b}\n"));
        assertEquals("m.yaml:5: services[0].steps[0].timeout: service 'cache': timeout belongs to an expect or bytes "
                + "step, not to send", error(HEAD + "    steps:\n      - {send: a, timeout: 1s}\n"));
        assertEquals("m.yaml:5: services[0].steps[0].starttls: service 'cache': 'ldap' has no STARTTLS here: use smtp, "
                + "imap, pop3 or postgres", error(HEAD + "    steps:\n      - starttls: ldap\n"));
        assertEquals("m.yaml:5: services[0].steps[0].send: service 'cache': 'a\\q' has the unknown escape \\q: use \\r, "
                + "\\n, \\t, \\0, \\\\ or \\xHH", error(HEAD + "    steps:\n      - send: 'a\\q'\n"));
        assertEquals("m.yaml:4: services[0].steps: service 'cache': steps is a list of send, hex, expect, bytes or "
                + "starttls steps", error(HEAD + "    steps: []\n"));
        assertEquals("m.yaml:4: services[0].check: service 'cache': give steps or check, not both",
                error(HEAD + "    check: redis\n    steps:\n      - send: a\n"));
        assertEquals("m.yaml:4: services[0].status: service 'cache': status belongs to check: http",
                error(HEAD + "    status: 2xx\n"));
        String unknown = error(HEAD + "    steps:\n      - {send: a, sned: b}\n");
        assertTrue(unknown.startsWith("m.yaml:5: services[0].steps[0].sned: unknown key 'sned'")
                && unknown.endsWith("(service 'cache')"), unknown);
    }
}
