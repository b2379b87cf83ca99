package dev.tcpswarm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A load connection's {@code --expect} answers are counted the same whether the pattern is searched
 * as fixed bytes or through the regular-expression engine, and however the bytes are split into
 * reads: a marker split over two reads is one answer, and bytes already read are not counted twice.
 */
class AnswerScannerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void patternsThatStandForOneFixedStringAreSearchedAsBytes() {
        assertArrayEquals(bytes("\n"), AnswerScanner.literalOf(Pattern.compile("\\n")));
        assertArrayEquals(bytes("PONG\r\n"), AnswerScanner.literalOf(Pattern.compile("PONG\\r\\n")));
        assertArrayEquals(bytes("+PONG\r\n"), AnswerScanner.literalOf(Pattern.compile("\\+PONG\r\n")));
        assertArrayEquals(bytes("\n"), AnswerScanner.literalOf(Pattern.compile("\\x0a")));
        assertArrayEquals(bytes("\n"), AnswerScanner.literalOf(Pattern.compile("\\x{A}")));
        assertArrayEquals(bytes("\u00e9"), AnswerScanner.literalOf(Pattern.compile("\\u00e9")));
        assertArrayEquals(bytes("\n"), AnswerScanner.literalOf(Pattern.compile("\\012")));
        assertArrayEquals(bytes("a.*b"), AnswerScanner.literalOf(Pattern.compile("a\\Q.*\\Eb")));
        assertArrayEquals(bytes("\t\f\u0007\u001b"), AnswerScanner.literalOf(Pattern.compile("\\t\\f\\a\\e")));
    }

    @Test
    void everyOtherPatternGoesToTheMatcher() {
        for (String regex : new String[] {"a.b", "\\d", "^OK", "OK$", "a|b", "a+", "(OK)", "[ab]", "a{2}", "\\bOK",
                "\\u0100", "\\x{100}", "\\s"}) {
            assertNull(AnswerScanner.literalOf(Pattern.compile(regex)), regex);
        }
        assertNull(AnswerScanner.literalOf(Pattern.compile("ok", Pattern.CASE_INSENSITIVE)), "a flag");
        assertNull(AnswerScanner.literalOf(Pattern.compile("")), "the empty pattern");
        assertFalse(new AnswerScanner(Pattern.compile("O.")).searchesBytes());
        assertTrue(new AnswerScanner(Pattern.compile("OK\\n")).searchesBytes());
    }

    @Test
    void aMarkerSplitOverReadsIsOneAnswerAndNoneIsCountedTwice() {
        AnswerScanner s = new AnswerScanner(Pattern.compile("PONG\\r\\n"));
        assertEquals(0, s.answers(buf("+PO")));
        assertEquals(0, s.answers(buf("NG\r")));
        assertEquals(3, s.answers(buf("\n+PONG\r\n+PONG\r\n+P")));
        assertEquals(1, s.answers(buf("ONG\r\n")));
        assertEquals(0, s.answers(buf("\r\n")), "the bytes of an answer already counted are not reused");
    }

    @Test
    void fixedBytesAndTheMatcherCountTheSameAnswersHoweverTheBytesAreSplit() {
        Random random = new Random(19);
        String[] markers = {"\n", "PONG\r\n", "abab", "aa"};
        for (String marker : markers) {
            AnswerScanner bytewise = new AnswerScanner(Pattern.compile(Pattern.quote(marker)));
            // The same fixed string, made a pattern the byte search does not take (a class of one).
            AnswerScanner regex = new AnswerScanner(Pattern.compile(marker.replace("a", "[a]").replace("\n", "[\\n]")
                    .replace("\r", "[\\r]")));
            assertTrue(bytewise.searchesBytes(), marker);
            assertFalse(regex.searchesBytes(), marker);
            StringBuilder all = new StringBuilder();
            int fromBytes = 0;
            int fromRegex = 0;
            for (int read = 0; read < 2000; read++) {
                StringBuilder chunk = new StringBuilder();
                for (int n = random.nextInt(12); n > 0; n--) {
                    chunk.append(random.nextInt(4) == 0 ? marker : "abPONG\r\n".charAt(random.nextInt(8)) + "");
                }
                all.append(chunk);
                fromBytes += bytewise.answers(buf(chunk.toString()));
                fromRegex += regex.answers(buf(chunk.toString()));
            }
            int expected = 0;
            Matcher m = Pattern.compile(Pattern.quote(marker)).matcher(all);
            while (m.find()) {
                expected++;
            }
            assertTrue(expected > 1000, "the data holds the marker often: " + expected);
            assertEquals(expected, fromBytes, marker);
            assertEquals(expected, fromRegex, marker);
        }
    }

    @Test
    void anEmptyMatchCountsOnceAndMovesOn() {
        AnswerScanner s = new AnswerScanner(Pattern.compile("x*"));
        assertEquals(3, s.answers(buf("aab")), "one empty match at each of the three bytes, none at the end");
        AnswerScanner lookahead = new AnswerScanner(Pattern.compile("(?=b)"));
        assertEquals(1, lookahead.answers(buf("aab")), "the one place before the b, once");
        AnswerScanner boundary = new AnswerScanner(Pattern.compile("\\b"));
        assertEquals(4, boundary.answers(buf("ab cd")), "the four word boundaries");
    }

    @Test
    void unmatchedBytesAreKeptUpToTheCapAndTheOldestGo() {
        AnswerScanner s = new AnswerScanner(Pattern.compile("E.*D"));
        assertEquals(0, s.answers(buf("E")));
        assertEquals(0, s.answers(buf("x".repeat(AnswerScanner.MAX_UNMATCHED + 10))));
        assertEquals(0, s.answers(buf("D")), "the E was beyond the cap");
        AnswerScanner kept = new AnswerScanner(Pattern.compile("E.*D"));
        assertEquals(0, kept.answers(buf("E")));
        assertEquals(0, kept.answers(buf("x".repeat(AnswerScanner.MAX_UNMATCHED - 10))));
        assertEquals(1, kept.answers(buf("D")), "the E within the cap is still there");
        AnswerScanner literal = new AnswerScanner(Pattern.compile("END"));
        assertEquals(0, literal.answers(buf("x".repeat(3 * AnswerScanner.MAX_UNMATCHED) + "EN")));
        assertEquals(1, literal.answers(buf("D")), "a fixed string's beginning is kept, however much came before");
    }

    @Test
    void theBytesReadAreLeftUnconsumed() {
        AnswerScanner s = new AnswerScanner(Pattern.compile("\\n"));
        ByteBuf in = buf("a\nb\n");
        assertEquals(2, s.answers(in));
        assertEquals(4, in.readableBytes());
    }

    private static ByteBuf buf(String s) {
        return Unpooled.wrappedBuffer(bytes(s));
    }
}
