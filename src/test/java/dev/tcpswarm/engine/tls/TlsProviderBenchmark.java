package dev.tcpswarm.engine.tls;

import io.netty.util.concurrent.Future;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * A benchmark (not a test: it judges nothing) of the two TLS providers on the client side: N full,
 * verified handshakes (default 2,000) against Debian's nginx on loopback with an RSA 2048
 * certificate from a test CA and no session cache, 64 at a time on two event loops, once to warm up
 * and once measured, for the JDK provider and for BoringSSL. Prints the rate and this process's CPU
 * time per handshake (the figure a shared machine disturbs less). Run from the test class path:
 * {@code java -cp target/classes:target/test-classes:CLASSPATH dev.tcpswarm.engine.tls.TlsProviderBenchmark 2000}.
 */
public final class TlsProviderBenchmark {
    private TlsProviderBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("i18tls-bench");
        TestCertificates certs = TestCertificates.rsa(dir.resolve("pki"));
        int total = a.length > 0 ? Integer.parseInt(a[0]) : 2000;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (NginxTls nginx = NginxTls.start(dir, certs.valid(), 2, false); Handshakes client = new Handshakes(2)) {
            for (String round : new String[] {"warmup", "measure"}) {
                for (TlsProvider p : TlsProvider.values()) {
                    ClientTls tls = ClientTls.build(TlsSettings.verified().withCaFile(certs.ca()).withProvider(p));
                    Semaphore inFlight = new Semaphore(64);
                    CountDownLatch done = new CountDownLatch(total);
                    AtomicInteger ok = new AtomicInteger();
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        inFlight.acquire();
                        Future<SSLSession> h = client.start(tls, "localhost", nginx.port());
                        h.addListener(f -> {
                            if (f.isSuccess()) {
                                ok.incrementAndGet();
                            }
                            inFlight.release();
                            done.countDown();
                        });
                    }
                    done.await();
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double cpu = (os.getProcessCpuTime() - cpu0) / 1e6;
                    System.out.printf("%s %s: %d/%d ok, %.0f handshakes/s, client CPU %.3f ms per handshake%n",
                            round, p.key(), ok.get(), total, total / secs, cpu / total);
                }
            }
        }
    }
}
