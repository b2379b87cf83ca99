package dev.tcpswarm.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.Future;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thousand verified handshakes per provider against Debian's nginx with {@code ssl} on loopback, 64 at a
 * time on two event loops, with no session cache: every one is a full handshake, and every one
 * must complete (a context shared by all connections, one handler each, as a run uses them).
 */
class NginxLoadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void everyHandshakeOfALoadRunCompletes(TlsProvider provider) throws Exception {
        TestCertificates certs = TestCertificates.in(dir.resolve("pki"));
        int total = 1000;
        try (NginxTls nginx = NginxTls.start(dir, certs.valid(), 1, false);
                Handshakes client = new Handshakes(2)) {
            ClientTls tls = ClientTls.build(TlsSettings.verified().withCaFile(certs.ca()).withProvider(provider));
            Semaphore inFlight = new Semaphore(64);
            CountDownLatch done = new CountDownLatch(total);
            AtomicInteger completed = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            Map<String, Integer> protocols = new ConcurrentHashMap<>();
            for (int i = 0; i < total; i++) {
                assertTrue(inFlight.tryAcquire(60, TimeUnit.SECONDS), "handshakes stopped ending");
                Future<SSLSession> h = client.start(tls, "localhost", nginx.port());
                h.addListener(f -> {
                    if (f.isSuccess()) {
                        completed.incrementAndGet();
                        protocols.merge(h.getNow().getProtocol(), 1, Integer::sum);
                    } else {
                        failures.merge(TlsFailureClassifier.classify(f.cause()) + ": "
                                + TlsFailureClassifier.detail(f.cause()), 1, Integer::sum);
                    }
                    inFlight.release();
                    done.countDown();
                });
            }
            assertTrue(done.await(120, TimeUnit.SECONDS));
            assertEquals(Map.of(), failures, nginx.errorLog());
            assertEquals(total, completed.get());
            assertEquals(Map.of("TLSv1.3", total), protocols);
        }
    }
}
