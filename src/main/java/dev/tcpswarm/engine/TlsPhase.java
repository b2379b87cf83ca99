package dev.tcpswarm.engine;

import dev.tcpswarm.engine.tls.CertificateFacts;
import dev.tcpswarm.engine.tls.ClientTls;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;
import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.LoopRecorder;
import dev.tcpswarm.stats.TlsSession;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * The TLS handshake as a phase of the engine's pipeline: Netty's {@link SslHandler} (from
 * {@link ClientTls}, one context per run or service) put first in the channel's pipeline once the
 * TCP connect is done. Its timeout is the engine's ({@link LoopTimeouts}), not SslHandler's own
 * timer; its failure is classified into a TLS reason ({@link FailureClassifier#classifyTls}); a
 * pass hands on a {@link TlsHandshakeReading} (protocol, cipher, ALPN, the certificate's facts).
 *
 * <p>Threads: one value per run or service, shared by its connections; {@link #begin} on the
 * channel's loop, whose listener runs there too.
 */
public final class TlsPhase implements Phase {
    private final ClientTls tls;
    private final String host;
    private final int port;
    private final long timeoutNanos;

    /** A handshake with the server at {@code host} (the name typed: SNI and the certificate check) and {@code port}. */
    public TlsPhase(ClientTls tls, String host, int port) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.timeoutNanos = Math.max(1, TimeUnit.MILLISECONDS.toNanos(tls.settings().handshakeTimeoutMillis()));
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public ErrorReason timeoutReason() {
        return ErrorReason.TLS_TIMEOUT;
    }

    @Override
    public ErrorReason closedReason() {
        return ErrorReason.TLS_CLOSED;
    }

    @Override
    public boolean isTls() {
        return true;
    }

    @Override
    public void begin(Channel channel, Outcome outcome) {
        SslHandler handler = tls.newHandler(channel.alloc(), host, port);
        handler.setHandshakeTimeoutMillis(0); // the engine times the phase (LoopTimeouts)
        long start = System.nanoTime();
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                SSLSession session = handler.engine().getSession();
                outcome.passed(TlsHandshakeReading.completed(System.nanoTime() - start, session.getProtocol(),
                        session.getCipherSuite(), handler.applicationProtocol(), CertificateFacts.of(session)));
            } else {
                outcome.failed(FailureClassifier.classifyTls(f.cause()), f.cause());
            }
        });
        channel.pipeline().addFirst("tls", handler); // an active channel: the handshake starts now
    }

    @Override
    public void recordPassed(LoopRecorder recorder, long latencyNanos, Object detail) {
        recorder.tlsCompleted(latencyNanos, detail instanceof TlsHandshakeReading r
                ? session(r, tls.settings().provider().key()) : null);
    }

    /** The run's view of a completed handshake, made by {@code provider}. */
    static TlsSession session(TlsHandshakeReading r, String provider) {
        CertificateFacts c = r.certificate().orElse(null);
        return new TlsSession(r.protocol(), r.cipher(), c == null ? "" : c.subject(), c == null ? "" : c.issuer(),
                c == null ? null : c.notAfter(), c == null ? null : c.earliestNotAfter(), r.alpn(), provider);
    }
}
