package dev.tcpswarm.engine.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in checks a monitor's {@code check:} (and its quick forms, {@code redis://host}) names:
 * each a service's own conversation, so that a probe proves the service answers, not only that a
 * kernel completed a handshake. Each check marks the step whose answer the monitor shows (the redis
 * or SSH version, the SMTP greeting, the MySQL server version) and ends politely (QUIT, LOGOUT, a
 * MySQL COM_QUIT), so that the server logs no error and counts no aborted connection. Immutable;
 * shared by every probe.
 */
public enum BuiltInCheck {
    /** PING answered {@code +PONG}, then {@code INFO server} for the version (or its error line, still up). */
    REDIS("redis", 6379) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    Step.Send.of("PING\\r\\n"),
                    Step.Expect.regex("^\\+PONG\\r\\n"),
                    Step.Send.of("INFO server\\r\\n"),
                    Step.Expect.regex("^(?:\\$[0-9]+\\r\\n# Server\\r\\n(redis_version:[^\\r\\n]*)|-[^\\r\\n]*)\\r\\n")
                            .asAnswer());
        }
    },
    /** The {@code SSH-2.0-} banner (RFC 4253; {@code SSH-1.99-} too), after any lines before it. */
    SSH("ssh", 22) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(Step.Expect.regex("^(?:(?!SSH-)[^\\r\\n]*\\r?\\n)*(SSH-(?:2\\.0|1\\.99)-[^\\r\\n]*)\\r?\\n")
                    .asAnswer());
        }
    },
    /** The 220 greeting, EHLO answered 250, QUIT answered 221. */
    SMTP("smtp", 25) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    StartTlsProtocol.reply("220").asAnswer(),
                    Step.Send.of("EHLO tcpswarm\\r\\n"),
                    StartTlsProtocol.reply("250"),
                    Step.Send.of("QUIT\\r\\n"),
                    StartTlsProtocol.reply("221"));
        }
    },
    /** As {@link #SMTP} up to its EHLO, then STARTTLS and TLS, EHLO again over TLS, QUIT. */
    SMTP_STARTTLS("smtp+starttls", 587) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    new Step.StartTls(StartTlsProtocol.SMTP),
                    Step.Send.of("EHLO tcpswarm\\r\\n"),
                    StartTlsProtocol.reply("250"),
                    Step.Send.of("QUIT\\r\\n"),
                    StartTlsProtocol.reply("221"));
        }
    },
    /** The {@code * OK} greeting, {@code a1 LOGOUT} answered {@code a1 OK}. */
    IMAP("imap", 143) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    Step.Expect.regex("^\\* OK[^\\r\\n]*\\r?\\n").asAnswer(),
                    Step.Send.of("a1 LOGOUT\\r\\n"),
                    StartTlsProtocol.imapTagged("a1"));
        }
    },
    /** The greeting, {@code a1 STARTTLS} and TLS, then {@code a2 LOGOUT} over TLS. */
    IMAP_STARTTLS("imap+starttls", 143) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    new Step.StartTls(StartTlsProtocol.IMAP),
                    Step.Send.of("a2 LOGOUT\\r\\n"),
                    StartTlsProtocol.imapTagged("a2"));
        }
    },
    /** The {@code +OK} greeting, QUIT answered {@code +OK}. */
    POP3("pop3", 110) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    Step.Expect.regex("^\\+OK[^\\r\\n]*\\r?\\n").asAnswer(),
                    Step.Send.of("QUIT\\r\\n"),
                    Step.Expect.regex("^\\+OK[^\\r\\n]*\\r?\\n"));
        }
    },
    /** The greeting, STLS and TLS, then QUIT over TLS. */
    POP3_STARTTLS("pop3+starttls", 110) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    new Step.StartTls(StartTlsProtocol.POP3),
                    Step.Send.of("QUIT\\r\\n"),
                    Step.Expect.regex("^\\+OK[^\\r\\n]*\\r?\\n"));
        }
    },
    /** An SSLRequest, answered {@code S} (TLS offered) or {@code N} (not): a PostgreSQL server either way. */
    POSTGRES("postgres", 5432) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    new Step.Send(Payload.parse("hex: 00 00 00 08 04 d2 16 2f")),
                    Step.Expect.regex("^[SN](?![\\x00-\\xff])").asAnswer());
        }
    },
    /**
     * The server's greeting (protocol 10; its version, without MariaDB's {@code 5.5.5-} prefix, is the
     * answer), a login as {@code tcpswarm} with no password, its OK, then COM_QUIT. Tried against
     * MariaDB 10.11: a close before the login (a FIN right after the greeting, a COM_QUIT in place of
     * the login, a reset) and a refused login each count in {@code Aborted_connects}; only a session
     * that logged in and sent COM_QUIT is not counted (and not logged). So the check needs an account
     * {@code tcpswarm} with no password and no grants (as HAProxy's {@code mysql-check user}); without
     * it the answer is {@code Access denied}, an unexpected answer.
     */
    MYSQL("mysql", 3306) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    // the rest of the greeting (its capabilities and scramble, one write) is dropped
                    Step.Expect.regex("^[\\x00-\\xff]{3}\\x00\\x0a(?:5\\.5\\.5-)?([^\\x00]{1,80})\\x00").asAnswer()
                            .discardingRest(),
                    new Step.Send(Payload.parse(MYSQL_LOGIN)),
                    Step.Expect.regex("^[\\x00-\\xff]{3}\\x02\\x00"),
                    new Step.Send(Payload.parse("hex: 01 00 00 00 01")));
        }
    },
    /** {@code HEAD / HTTP/1.0} answered {@code HTTP/1.x NNN}, with NNN one of the statuses asked for. */
    HTTP("http", 80) {
        @Override
        List<Step> steps(Optional<String> httpStatus) {
            return List.of(
                    Step.Send.of("HEAD / HTTP/1.0\\r\\nUser-Agent: tcpswarm\\r\\nAccept: */*\\r\\n\\r\\n"),
                    Step.Expect.regex("^HTTP/1\\.[01] " + statusRegex(httpStatus.orElse("")) + "[^\\r\\n]*\\r?\\n")
                            .asAnswer());
        }
    };

    /**
     * A MySQL HandshakeResponse41 (sequence 1): capabilities PROTOCOL_41 and SECURE_CONNECTION, max
     * packet 16 MiB, charset utf8, user {@code tcpswarm}, an empty auth response.
     */
    static final String MYSQL_LOGIN = "hex: 2a 00 00 01  00 82 00 00  00 00 00 01  21" + " 00".repeat(23)
            + "  74 63 70 73 77 61 72 6d 00  00";

    private static final Pattern STATUS = Pattern.compile("[1-5](?:[0-9][0-9]|xx|[0-9]x)", Pattern.CASE_INSENSITIVE);

    private final String scheme;
    private final int defaultPort;

    BuiltInCheck(String scheme, int defaultPort) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
    }

    abstract List<Step> steps(Optional<String> httpStatus);

    /**
     * The check's conversation. {@code httpStatus} (only for {@code http}; the others ignore it) is
     * the status the answer must have: {@code 200}, {@code 2xx}, or a comma list ({@code 2xx,301});
     * any status without it.
     *
     * @throws IllegalArgumentException with a one-line message for a bad status
     */
    public Conversation conversation(Optional<String> httpStatus) {
        return new Conversation(steps(httpStatus));
    }

    /** The port its quick form uses when the address has none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Its name in {@code check:} and in its quick form's scheme: {@code redis}, {@code smtp+starttls}. */
    public String scheme() {
        return scheme;
    }

    /** The check called {@code name} (in any case). */
    public static Optional<BuiltInCheck> named(String name) {
        String key = name.trim();
        return Arrays.stream(values()).filter(c -> c.scheme.equalsIgnoreCase(key)).findFirst();
    }

    /** The checks' names, in the order docs list them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(BuiltInCheck::scheme).toList();
    }

    /** The regex of the status part for {@code text} ({@code 2xx,301}); any three digits for none. */
    static String statusRegex(String text) {
        if (text.isBlank()) {
            return "[0-9]{3}";
        }
        List<String> alternatives = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (!STATUS.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an HTTP status: write 200, 2xx or a list"
                        + " such as 2xx,301");
            }
            alternatives.add(p.toLowerCase(Locale.ROOT).replace("x", "[0-9]"));
        }
        return "(?:" + String.join("|", alternatives) + ")(?![0-9])";
    }
}
