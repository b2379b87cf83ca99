package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.stats.ErrorReason;
import java.util.List;
import java.util.Locale;

/**
 * The protocols whose own upgrade to TLS a {@code starttls:} step speaks, each as the send and expect
 * steps before the handshake: the greeting, the protocol's request for TLS, and its yes, which
 * fails as {@code STARTTLS refused} when it is another answer. The upgrade reads the greeting
 * itself, so it comes first in a conversation. Immutable.
 */
public enum StartTlsProtocol {
    /** RFC 3207: the 220 greeting, EHLO, STARTTLS answered 220. */
    SMTP(List.of(
            reply("220").asAnswer(),
            Step.Send.of("EHLO tcpswarm\\r\\n"),
            reply("250"),
            Step.Send.of("STARTTLS\\r\\n"),
            refusedUnless(Step.Expect.regex("^220 [^\\r\\n]*\\r?\\n")))),
    /** RFC 3501: the {@code * OK} greeting, {@code a1 STARTTLS} answered {@code a1 OK}. */
    IMAP(List.of(
            Step.Expect.regex("^\\* OK[^\\r\\n]*\\r?\\n").asAnswer(),
            Step.Send.of("a1 STARTTLS\\r\\n"),
            refusedUnless(imapTagged("a1")))),
    /** RFC 2595: the {@code +OK} greeting, STLS answered {@code +OK}. */
    POP3(List.of(
            Step.Expect.regex("^\\+OK[^\\r\\n]*\\r?\\n").asAnswer(),
            Step.Send.of("STLS\\r\\n"),
            refusedUnless(Step.Expect.regex("^\\+OK[^\\r\\n]*\\r?\\n")))),
    /** PostgreSQL's SSLRequest (length 8, code 80877103), answered {@code S}; {@code N} is a refusal. */
    POSTGRES(List.of(
            new Step.Send(Payload.parse("hex: 00 00 00 08 04 d2 16 2f")),
            refusedUnless(Step.Expect.regex("^S").asAnswer())));

    private final List<Step> upgrade;

    StartTlsProtocol(List<Step> upgrade) {
        this.upgrade = upgrade;
    }

    /** The steps before the TLS handshake. */
    public List<Step> upgrade() {
        return upgrade;
    }

    /** Its name in configs: {@code smtp}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code smtp}, {@code imap}, {@code pop3} or {@code postgres}, in any case. */
    public static StartTlsProtocol parse(String text) {
        for (StartTlsProtocol p : values()) {
            if (p.key().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' has no STARTTLS here: use smtp, imap, pop3 or postgres");
    }

    /** An SMTP reply with {@code code}: any {@code code-} lines, then the {@code code } line. */
    static Step.Expect reply(String code) {
        return Step.Expect.regex("^(?:" + code + "-[^\\r\\n]*\\r?\\n)*" + code + " [^\\r\\n]*\\r?\\n");
    }

    /** The tagged OK of an IMAP command, after any untagged lines. */
    static Step.Expect imapTagged(String tag) {
        return Step.Expect.regex("^(?:\\*[^\\r\\n]*\\r?\\n)*" + tag + " OK[^\\r\\n]*\\r?\\n");
    }

    private static Step.Expect refusedUnless(Step.Expect yes) {
        return yes.mismatchReason(ErrorReason.STARTTLS_REFUSED).discardingRest();
    }
}
