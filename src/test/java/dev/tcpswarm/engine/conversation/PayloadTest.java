package dev.tcpswarm.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A send's text as bytes (escapes, hex, captures), bad input's one-line errors, and how bytes are shown. */
class PayloadTest {
    @Test
    void escapesAreTheirBytes() {
        assertArrayEquals(new byte[] {'a', '\r', '\n', '\t', 0, '\\', (byte) 0xff, '$', 'z'},
                Payload.parse("a\\r\\n\\t\\0\\\\\\xff$$z").bytes());
        assertArrayEquals("é".getBytes(StandardCharsets.ISO_8859_1), Payload.parse("é").bytes(), "up to U+00FF: one byte");
        assertArrayEquals("€".getBytes(StandardCharsets.UTF_8), Payload.parse("€").bytes(), "above: UTF-8");
    }

    @Test
    void hexIsPairsOfDigits() {
        assertArrayEquals(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f},
                Payload.parse("hex: 00 00 00 08 04d2:16 2F").bytes());
    }

    @Test
    void capturesGoInPlace() {
        Payload p = Payload.parse("AUTH ${1} ${2}\\r\\n");
        assertEquals("AUTH tok \r\n", new String(p.bytes(List.of("all", "tok")), StandardCharsets.ISO_8859_1),
                "a group that is not there writes nothing");
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertEquals("'a\\q' has the unknown escape \\q: use \\r, \\n, \\t, \\0, \\\\ or \\xHH",
                assertThrows(IllegalArgumentException.class, () -> Payload.parse("a\\q")).getMessage());
        assertEquals("'\\x4' has a \\x escape without two hex digits: write \\x0d",
                assertThrows(IllegalArgumentException.class, () -> Payload.parse("\\x4")).getMessage());
        assertEquals("'hex: 0' is not hex: write pairs of hex digits, e.g. hex: 2a 31 0d 0a",
                assertThrows(IllegalArgumentException.class, () -> Payload.parse("hex: 0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Payload.parse("${x}"));
        assertThrows(IllegalArgumentException.class, () -> Payload.parse("tail\\"));
        assertThrows(IllegalArgumentException.class, () -> new Conversation(List.of(Step.Send.of("${1}"))),
                "a capture before any expect");
    }

    @Test
    void bytesAreShownEscapedAndCut() {
        assertEquals("\"a\\r\\n\\x00\\xff\\\"\\\\\"", ShownBytes.quote(new byte[] {'a', '\r', '\n', 0, (byte) 0xff, '"', '\\'}, 80));
        assertEquals("\"abc...\"", ShownBytes.quote("abcdef", 3));
        assertEquals("SSH-2.0-OpenSSH_9.2p1", ShownBytes.firstLine("SSH-2.0-OpenSSH_9.2p1\r\nmore", 80));
    }

    @Test
    void expectsWithTheSamePatternAreEqual() {
        assertEquals(Step.Expect.regex("^\\+PONG"), Step.Expect.regex("^\\+PONG"));
        assertEquals(new Conversation(List.of(new Step.StartTls(StartTlsProtocol.IMAP))),
                new Conversation(List.of(new Step.StartTls(StartTlsProtocol.IMAP))));
    }
}
