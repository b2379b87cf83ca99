package dev.tcpswarm.engine.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificates for the TLS tests, made with the {@code openssl} command line into a directory the
 * test owns: a test CA, and server certificates for every case a TLS client must tell apart (a
 * valid chain for localhost and 127.0.0.1, self-signed, expired, not yet valid, a wrong host name,
 * one that expires in 5 days), plus a client certificate from the same CA. Leaves are signed with
 * {@code openssl ca}, which takes exact start and end dates. Keys are EC P-256 (quick to make)
 * unless {@link #rsa} asks for RSA 2048, the usual key of a TLS terminator.
 */
public final class TestCertificates {
    private static final DateTimeFormatter CA_DATE =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * A certificate with its key: {@code chain} is the leaf followed by its issuer, as a server sends
     * it; {@code issuer} is the CA's certificate, or the certificate itself when self-signed.
     */
    public record ServerCertificate(String name, Path cert, Path key, Path chain, Path issuer) {
        /** True when no CA signed it. */
        public boolean selfSigned() {
            return issuer.equals(cert);
        }
    }

    private final Path dir;
    private final boolean rsa;
    private final Path caCert;
    private final Path caKey;
    private final Map<String, ServerCertificate> made = new ConcurrentHashMap<>();

    private TestCertificates(Path dir, boolean rsa) throws IOException, InterruptedException {
        this.dir = dir;
        this.rsa = rsa;
        this.caCert = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        Files.createDirectories(dir.resolve("newcerts"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = testca
                [ testca ]
                dir = .
                database = ./index.txt
                new_certs_dir = ./newcerts
                serial = ./serial
                certificate = ./ca.pem
                private_key = ./ca.key
                default_md = sha256
                policy = anything
                unique_subject = no
                email_in_dn = no
                copy_extensions = none
                [ anything ]
                commonName = supplied
                [ server ]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature,keyEncipherment
                extendedKeyUsage = serverAuth
                subjectAltName = $ENV::TCPSWARM_SAN
                [ client ]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = clientAuth
                """);
        req("-x509", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "3650", "-subj", "/O=tcpswarm tests/CN=tcpswarm test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A fresh CA in {@code dir}, with EC keys. */
    public static TestCertificates in(Path dir) throws IOException, InterruptedException {
        return new TestCertificates(dir, false);
    }

    /** A fresh CA in {@code dir}, with RSA 2048 keys (what the benchmark's servers use). */
    public static TestCertificates rsa(Path dir) throws IOException, InterruptedException {
        return new TestCertificates(dir, true);
    }

    /** The test CA's certificate (PEM), for {@code --ca} and {@code ca_file}. */
    public Path ca() {
        return caCert;
    }

    /** The test CA's private key (PEM), to sign more in a test. */
    public Path caKey() {
        return caKey;
    }

    /** Valid for 90 days, for localhost and 127.0.0.1, signed by the test CA. */
    public ServerCertificate valid() throws IOException, InterruptedException {
        Instant now = Instant.now();
        return signed("valid", "localhost", "DNS:localhost,IP:127.0.0.1", now.minus(1, ChronoUnit.DAYS),
                now.plus(90, ChronoUnit.DAYS));
    }

    /** Expires {@code left} from now (valid since a day ago), for localhost and 127.0.0.1. */
    public ServerCertificate expiringIn(Duration left) throws IOException, InterruptedException {
        Instant now = Instant.now();
        return signed("expiring-" + left.toHours() + "h", "localhost", "DNS:localhost,IP:127.0.0.1",
                now.minus(1, ChronoUnit.DAYS), now.plus(left));
    }

    /** Expired ten days ago. */
    public ServerCertificate expired() throws IOException, InterruptedException {
        Instant now = Instant.now();
        return signed("expired", "localhost", "DNS:localhost,IP:127.0.0.1", now.minus(40, ChronoUnit.DAYS),
                now.minus(10, ChronoUnit.DAYS));
    }

    /** Valid from ten days from now. */
    public ServerCertificate notYetValid() throws IOException, InterruptedException {
        Instant now = Instant.now();
        return signed("not-yet-valid", "localhost", "DNS:localhost,IP:127.0.0.1", now.plus(10, ChronoUnit.DAYS),
                now.plus(100, ChronoUnit.DAYS));
    }

    /** Valid and from the test CA, but for another host: {@code wrong.example} only. */
    public ServerCertificate wrongHost() throws IOException, InterruptedException {
        Instant now = Instant.now();
        return signed("wrong-host", "wrong.example", "DNS:wrong.example", now.minus(1, ChronoUnit.DAYS),
                now.plus(90, ChronoUnit.DAYS));
    }

    /** Self-signed (no CA vouches for it), for localhost and 127.0.0.1, valid for 30 days. */
    public ServerCertificate selfSigned() throws IOException, InterruptedException {
        if (made("self-signed") != null) {
            return made("self-signed");
        }
        req("-x509", "-nodes", "-keyout", "self-signed.key",
                "-out", "self-signed.pem", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        return remember(new ServerCertificate("self-signed", dir.resolve("self-signed.pem"),
                dir.resolve("self-signed.key"), dir.resolve("self-signed.pem"), dir.resolve("self-signed.pem")));
    }

    /** A client certificate from the test CA ({@code CN=tcpswarm client}), for mutual TLS. */
    public ServerCertificate client() throws IOException, InterruptedException {
        return sign("client", "tcpswarm client", null, "client", Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(90, ChronoUnit.DAYS));
    }

    /** A server certificate from the test CA with these names and dates. */
    public ServerCertificate signed(String name, String commonName, String subjectAltNames, Instant notBefore,
            Instant notAfter) throws IOException, InterruptedException {
        return sign(name, commonName, subjectAltNames, "server", notBefore, notAfter);
    }

    private ServerCertificate sign(String name, String commonName, String san, String extensions, Instant notBefore,
            Instant notAfter) throws IOException, InterruptedException {
        ServerCertificate made = made(name);
        if (made != null) {
            return made;
        }
        req("-new", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + commonName);
        Openssl.run(dir, Map.of("TCPSWARM_SAN", san == null ? "DNS:unused.invalid" : san),
                List.of("ca", "-batch", "-notext", "-config", "ca.cnf", "-extensions", extensions,
                        "-startdate", CA_DATE.format(notBefore), "-enddate", CA_DATE.format(notAfter),
                        "-in", name + ".csr", "-out", name + ".pem"));
        Path chain = dir.resolve(name + "-chain.pem");
        Files.writeString(chain, Files.readString(dir.resolve(name + ".pem")) + Files.readString(caCert));
        return remember(new ServerCertificate(name, dir.resolve(name + ".pem"), dir.resolve(name + ".key"), chain,
                caCert));
    }

    /** The certificate's not-after as openssl reads it ({@code openssl x509 -enddate}), to the second. */
    public static Instant notAfter(Path cert) throws IOException, InterruptedException {
        String out = Openssl.run(cert.getParent(), "x509", "-in", cert.toString(), "-noout", "-enddate",
                "-dateopt", "iso_8601").trim();
        // notAfter=2026-12-11 23:13:08Z
        String iso = out.substring(out.indexOf('=') + 1).trim().replace(' ', 'T');
        return Instant.parse(iso);
    }

    /** The SHA-256 fingerprint openssl gives ({@code AB:CD:...}), to compare with what a server prints. */
    public static String fingerprint(Path cert) throws IOException, InterruptedException {
        String out = Openssl.run(cert.getParent(), "x509", "-in", cert.toString(), "-noout", "-fingerprint",
                "-sha256").trim();
        return out.substring(out.indexOf('=') + 1).trim();
    }

    /** A certificate made before under this name (each is made once per set: the dates are of then). */
    private ServerCertificate made(String name) {
        return made.get(name);
    }

    private ServerCertificate remember(ServerCertificate c) {
        made.put(c.name(), c);
        return c;
    }

    /** {@code openssl req} with a new key of this set's type, then {@code args}. */
    private void req(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("req"));
        cmd.addAll(List.of(args));
        cmd.addAll(rsa ? List.of("-newkey", "rsa:2048")
                : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        Openssl.run(dir, Map.of(), cmd);
    }
}
