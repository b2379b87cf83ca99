package dev.tcpswarm.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code type: email}: one plain-text message per notice over SMTP, with STARTTLS (required, the
 * default) or implicit TLS ({@code tls: true}), PLAIN or LOGIN authentication, and several
 * recipients, through Jakarta Mail (Eclipse Angus). The server's certificate is checked against the
 * system's CAs or {@code ca_file}, and its name against {@code host}. Sending blocks, so it runs on the
 * channels' executor for blocking work. Immutable.
 */
public record EmailChannel(String host, int port, Security security, String username, Secret password,
        InternetAddress from, List<InternetAddress> to, String subjectPrefix, Path caFile) implements ChannelSpec {

    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("email", Set.of("host", "port", "starttls", "tls",
            "username", "password", "from", "to", "subject_prefix", "ca_file"), Set.of("password"), EmailChannel::read);

    /** How the connection is protected. */
    public enum Security { STARTTLS, TLS, NONE }

    static EmailChannel read(ChannelSettings s) throws BadSetting {
        String host = s.text("host");
        boolean tls = s.bool("tls", false);
        if (tls && s.bool("starttls", false)) {
            throw s.error("starttls", "choose one: tls: true (implicit TLS, port 465) or starttls: true (port 587)");
        }
        Security security = tls ? Security.TLS : s.bool("starttls", true) ? Security.STARTTLS : Security.NONE;
        int port = s.integer("port", 1, 65535, switch (security) {
            case TLS -> 465;
            case STARTTLS -> 587;
            case NONE -> 25;
        });
        String username = s.text("username", null);
        Secret password = s.secret("password", false);
        if ((username == null) != (password == null)) {
            throw s.error(username == null ? "password" : "username", "username and password go together");
        }
        if (password != null && security == Security.NONE) {
            throw s.error("starttls", "a password is not sent without TLS: set starttls: true or tls: true");
        }
        InternetAddress from = address(s, "from", s.text("from"));
        List<String> recipients = s.texts("to");
        if (recipients.isEmpty()) {
            throw s.error("to", "missing: a list of one or more addresses");
        }
        List<InternetAddress> to = new ArrayList<>();
        for (String r : recipients) {
            to.add(address(s, "to", r));
        }
        Path caFile = null;
        if (s.has("ca_file")) {
            caFile = Path.of(s.text("ca_file"));
            try {
                trustOf(caFile);
            } catch (IOException | GeneralSecurityException e) {
                throw s.error("ca_file", "cannot read the CA certificates in " + caFile + ": " + e.getMessage());
            }
        }
        return new EmailChannel(host, port, security, username, password, from, List.copyOf(to),
                s.text("subject_prefix", ""), caFile);
    }

    private static InternetAddress address(ChannelSettings s, String key, String text) throws BadSetting {
        try {
            InternetAddress a = new InternetAddress(text, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw s.error(key, "'" + text + "' is not an e-mail address: " + e.getMessage());
        }
    }

    /** Sockets that trust the certificates of a PEM file. */
    static SSLSocketFactory trustOf(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in it");
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl.getSocketFactory();
    }

    @Override
    public NoticeChannel open(ProviderContext context) {
        return notice -> CompletableFuture.supplyAsync(() -> send(notice, context.timeoutMillis()), context.blocking());
    }

    /** The message for {@code notice}, in {@code session}. */
    MimeMessage message(Session session, AlertNotice notice) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
        m.setSubject(subjectPrefix + notice.title(), "UTF-8");
        m.setSentDate(new Date(notice.atEpochMillis()));
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Tcpswarm-Alert", notice.alert());
        m.setHeader("X-Tcpswarm-Event", notice.kind().key());
        m.setText(notice.plainText(), "UTF-8");
        return m;
    }

    private DeliveryResult send(AlertNotice notice, long timeoutMillis) {
        Properties p = new Properties();
        String t = String.valueOf(timeoutMillis);
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.connectiontimeout", t);
        p.put("mail.smtp.timeout", t);
        p.put("mail.smtp.writetimeout", t);
        p.put("mail.smtp.auth", String.valueOf(username != null));
        p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (security == Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        } else if (security == Security.TLS) {
            p.put("mail.smtp.ssl.enable", "true");
        }
        try {
            if (caFile != null) {
                p.put("mail.smtp.ssl.socketFactory", trustOf(caFile));
            }
            Session session = Session.getInstance(p);
            MimeMessage m = message(session, notice);
            if (username != null) {
                Transport.send(m, username, password.reveal());
            } else {
                Transport.send(m);
            }
            return DeliveryResult.delivered();
        } catch (IOException | GeneralSecurityException e) {
            return DeliveryResult.failed("cannot read the CA certificates in " + caFile + ": " + e.getMessage());
        } catch (MessagingException e) {
            return failure(e);
        }
    }

    private DeliveryResult failure(MessagingException e) {
        String where = host + ":" + port;
        Throwable cause = e.getNextException() != null ? e.getNextException() : e.getCause();
        String error;
        boolean permanent = false;
        if (e instanceof AuthenticationFailedException) {
            error = "SMTP " + where + " refused the login: " + oneLine(e.getMessage());
            permanent = true;
        } else if (cause instanceof ConnectException) {
            error = "connection refused to " + where;
        } else if (cause instanceof SocketTimeoutException) {
            error = "timeout from " + where;
        } else if (cause instanceof javax.net.ssl.SSLException) {
            error = "TLS with " + where + " failed: " + oneLine(cause.getMessage());
        } else if (e instanceof SendFailedException) {
            error = "SMTP " + where + " refused the message: " + oneLine(e.getMessage());
            permanent = true;
        } else {
            error = "SMTP " + where + ": " + oneLine(e.getMessage());
        }
        if (password != null) {
            error = password.redact(error);
        }
        return new DeliveryResult(error, 0, permanent);
    }

    private static String oneLine(String s) {
        return s == null ? "" : HttpAnswers.detail(s);
    }
}
