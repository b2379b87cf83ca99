package dev.tcpswarm.monitor.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.engine.conversation.BuiltInCheck;
import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.conversation.StartTlsProtocol;
import dev.tcpswarm.engine.conversation.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
        String again = HEAD + "    steps:\n      - send: 'PING\\r\\n'\n      - expect: '^\\+PONG'\n";
        assertEquals(read(again).services(), read(again).services(),
                "read again, the same service: a reload keeps its state (ReloadDiff compares the services)");
    }

    @Test
    void aCheckExpandsToItsStepsAndAnAddressSchemeNamesOne() throws Exception {
        List<ServiceConfig> s = read("""
                services:
                  - {name: cache, address: "127.0.0.1:6380", check: redis}
                  - {name: web, address: "127.0.0.1:8080", check: http, status: 2xx}
                  - {name: mail, address: "smtp+starttls://127.0.0.1"}
                  - {name: pg, address: "postgres://[::1]"}
                  - {name: www, address: "http://127.0.0.1:8081/", status: 200}
                """).services();
        assertEquals(BuiltInCheck.REDIS.conversation(Optional.empty()), s.get(0).conversation());
        assertEquals(6380, s.get(0).port());
        assertEquals(BuiltInCheck.HTTP.conversation(Optional.of("2xx")), s.get(1).conversation());
        assertEquals(BuiltInCheck.SMTP_STARTTLS.conversation(Optional.empty()), s.get(2).conversation());
        assertEquals(587, s.get(2).port(), "the check's default port (submission)");
        assertNull(s.get(2).tls(), "no handshake after the connect: the STARTTLS one, in the conversation");
        assertEquals("::1", s.get(3).host());
        assertEquals(5432, s.get(3).port());
        assertEquals(BuiltInCheck.HTTP.conversation(Optional.of("200")), s.get(4).conversation());
        assertEquals(8081, s.get(4).port());

        MonitorConfig quick = ConfigReader.quickWatch(List.of("redis://127.0.0.1", "imap+starttls://mail.internal:1143",
                "127.0.0.1:22"), null, null);
        assertEquals("redis://127.0.0.1", quick.services().get(0).name());
        assertEquals(6379, quick.services().get(0).port());
        assertEquals(BuiltInCheck.REDIS.conversation(Optional.empty()), quick.services().get(0).conversation());
        assertEquals(1143, quick.services().get(1).port());
        assertEquals(BuiltInCheck.IMAP_STARTTLS.conversation(Optional.empty()), quick.services().get(1).conversation());
        assertNull(quick.services().get(2).conversation());
        for (BuiltInCheck c : BuiltInCheck.values()) {
            ServiceConfig one = ConfigReader.quickWatch(List.of(c.scheme() + "://h"), null, null).services().get(0);
            assertEquals(c.defaultPort(), one.port(), c.scheme());
            assertEquals(c.conversation(Optional.empty()), one.conversation(), c.scheme());
        }
        assertEquals("'redis://' is not an address: write redis://host, redis://host:port or redis://[ipv6]:port",
                assertThrows(IllegalArgumentException.class,
                        () -> ConfigReader.quickWatch(List.of("redis://"), null, null)).getMessage());
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
        assertEquals("m.yaml:5: services[0].status: service 'cache': status belongs to check: http",
                error(HEAD + "    check: redis\n    status: 2xx\n"));
        assertEquals("m.yaml:4: services[0].check: service 'cache': unknown check 'memcached': use one of redis, ssh, "
                + "smtp, smtp+starttls, imap, imap+starttls, pop3, pop3+starttls, postgres, mysql, http",
                error(HEAD + "    check: memcached\n"));
        assertEquals("m.yaml:5: services[0].status: service 'cache': '2xxx' is not an HTTP status: write 200, 2xx or a "
                + "list such as 2xx,301", error(HEAD + "    check: http\n    status: 2xxx\n"));
        assertEquals("m.yaml:3: services[0].address: service 'web': the address says http:// and the service has a check "
                + "too: drop one", error("services:\n  - name: web\n    address: http://127.0.0.1\n    check: http\n"));
        assertEquals("m.yaml:3: services[0].address: 'gopher://127.0.0.1' has an unknown scheme: use tcp://, tls:// or a "
                + "check's: redis://, ssh://, smtp://, smtp+starttls://, imap://, imap+starttls://, pop3://, "
                + "pop3+starttls://, postgres://, mysql://, http://",
                error("services:\n  - name: web\n    address: gopher://127.0.0.1\n"));
        String unknown = error(HEAD + "    steps:\n      - {send: a, sned: b}\n");
        assertTrue(unknown.startsWith("m.yaml:5: services[0].steps[0].sned: unknown key 'sned'")
                && unknown.endsWith("(service 'cache')"), unknown);
    }
}
