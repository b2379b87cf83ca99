package dev.tcpswarm.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.security.auth.x500.X500Principal;

/**
 * The built-in server's TLS side ({@code serve --tls}): a Netty server {@link SslContext} from a PEM
 * certificate and key, or from a self-signed certificate for localhost and 127.0.0.1 made at start
 * by the JDK's own {@code keytool} (the JDK has no public API to make one, and keytool is part of
 * every JDK), with its subject and SHA-256 fingerprint to print, so a client can pin it. Made once
 * on the main thread; its context makes one handler per accepted connection on the event loops.
 */
public final class ServerTls {
    private static final char[] STORE_PASSWORD = "tcpswarm".toCharArray();

    private final SslContext context;
    private final X509Certificate certificate;
    private final boolean selfSigned;

    private ServerTls(SslContext context, X509Certificate certificate, boolean selfSigned) {
        this.context = context;
        this.certificate = certificate;
        this.selfSigned = selfSigned;
    }

    /**
     * From a PEM certificate chain and its PEM (PKCS#8) key.
     *
     * @throws IOException with a one-line message naming the file at fault
     */
    public static ServerTls fromFiles(Path certChain, Path key) throws IOException {
        for (Path f : List.of(certChain, key)) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new IOException("cannot read " + f + ": give a readable PEM file");
            }
        }
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(certChain)) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(certChain + " holds no PEM certificate: " + e.getMessage());
        }
        try {
            return new ServerTls(SslContextBuilder.forServer(certChain.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK).build(), leaf, false);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot use " + certChain + " with the key " + key
                    + " (PEM, the key unencrypted PKCS#8): " + e.getMessage());
        }
    }

    /**
     * A self-signed certificate for {@code CN=localhost} (with localhost, 127.0.0.1 and ::1 as its
     * names), EC P-256, valid for 30 days, made in a temporary directory that is deleted again.
     *
     * @throws IOException when keytool cannot be run
     */
    public static ServerTls selfSigned() throws IOException {
        Path dir = Files.createTempDirectory("tcpswarm-serve-tls-");
        Path store = dir.resolve("self-signed.p12");
        try {
            Process p = new ProcessBuilder(keytool(), "-genkeypair", "-keystore", store.toString(), "-storetype",
                    "PKCS12", "-storepass", new String(STORE_PASSWORD), "-alias", "serve", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=localhost",
                    "-ext", "san=dns:localhost,ip:127.0.0.1,ip:::1").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not make a self-signed certificate: " + said);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASSWORD);
            return new ServerTls(SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build(),
                    (X509Certificate) ks.getCertificate("serve"), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a self-signed certificate");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the self-signed certificate: " + e.getMessage());
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Writes the certificate as PEM to {@code target}: what a client trusts to verify this server
     * (the demo's {@code --ca} for its self-signed one).
     */
    public void writeCertificatePem(Path target) throws IOException {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            Files.writeString(target, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n",
                    StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the certificate: " + e.getMessage());
        }
    }

    /** keytool next to the running java (every JDK and JRE image since 9 has it). */
    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    SslContext context() {
        return context;
    }

    public boolean isSelfSigned() {
        return selfSigned;
    }

    /** The certificate's subject, RFC 2253. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** SHA-256 of the certificate, {@code AB:CD:...} as openssl and browsers show it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line for the banner: {@code tls: self-signed CN=localhost, SHA-256 AB:CD:...}. */
    public String describe() {
        return "tls: " + (selfSigned ? "self-signed " : "") + subject() + ", SHA-256 " + fingerprint()
                + ", not after " + certificate.getNotAfter().toInstant();
    }
}
