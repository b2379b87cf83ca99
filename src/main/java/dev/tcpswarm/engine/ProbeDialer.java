package dev.tcpswarm.engine;

import dev.tcpswarm.engine.conversation.Conversation;
import dev.tcpswarm.engine.conversation.ConversationFailure;
import dev.tcpswarm.engine.conversation.ConversationReading;
import dev.tcpswarm.engine.tls.ClientTls;
import dev.tcpswarm.engine.tls.TlsFailureClassifier;
import dev.tcpswarm.engine.tls.TlsHandshakeReading;
import dev.tcpswarm.engine.tls.TlsReason;
import dev.tcpswarm.engine.tls.TlsSettings;
import dev.tcpswarm.engine.tls.TlsSetupException;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Monitor probes on the engine's event loops: look the name up (timed on its own, afresh for every
 * probe, on the {@code resolver} executor because the system's lookup blocks), connect (timed with
 * {@code nanoTime}), walk the phases after it (TLS, when the request asks for it, and the steps of
 * its conversation, {@link Conversation}), then close in
 * order: the engine's one lifecycle ({@link Lifecycle}, on {@link ClientChannels}, {@link PhaseRun},
 * {@link LoopTimeouts}), the same as a load run's connections, closed with a FIN instead of held. A
 * failure is classified by the run's {@link FailureClassifier}.
 *
 * <p>The close never sends a reset: right after the connect the probe shuts its output down (a FIN,
 * never SO_LINGER 0), keeps reading and discarding whatever the server sends (a banner left unread
 * would turn the close into a reset), and closes when the server answers with its own FIN, so the
 * prober's side ends in TIME_WAIT. A server that resets the connection instead makes the probe
 * {@link ProbeOutcome#RESET}; one that neither closes nor resets within the rest of the timeout (at
 * least {@value #CLOSE_WAIT_MIN_MILLIS} ms, at most {@value #CLOSE_WAIT_MAX_MILLIS} ms) is open.
 *
 * <p>Threads: {@link #probe} from any thread; every attempt runs on the event loop it is given, and
 * the callback is called there, once per probe.
 */
public final class ProbeDialer {
    /** Longest wait for the server's answer to the probe's FIN. */
    public static final long CLOSE_WAIT_MAX_MILLIS = 1000;
    /** Shortest wait for it, even when the connect used up the timeout. */
    public static final long CLOSE_WAIT_MIN_MILLIS = 50;
    private static final Phase[] NO_PHASES = new Phase[0];

    private final Bootstrap ipv4;
    private final Bootstrap ipv6;
    private final Executor resolver;
    /** Each loop's timeouts; each touched on its loop only. */
    private final Map<EventLoop, LoopTimeouts> timeouts = new ConcurrentHashMap<>();
    /** One TLS context per settings (building one reads files and is slow): shared by the probes that use it. */
    private final Map<TlsSettings, ClientTls> contexts = new ConcurrentHashMap<>();

    /**
     * @param resolver runs the blocking name lookups (names only: an address is used as it is)
     */
    public ProbeDialer(Transport transport, Executor resolver) {
        this.resolver = resolver;
        this.ipv4 = ClientChannels.bootstrap(transport, NetUtil.LOCALHOST4, true, null);
        this.ipv6 = ClientChannels.bootstrap(transport, NetUtil.LOCALHOST6, true, null);
    }

    /**
     * Loads and links the channel code on every loop of {@code group} before the first planned probe
     * (registers one channel, connects nowhere, closes it), so the first probes start on time.
     * Best effort.
     */
    public void warmUp(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            EventLoops.warmUp(bootstrapFor(InetAddress.getLoopbackAddress()).clone((EventLoop) executor));
        }
    }

    /** Starts one probe; {@code done} receives its reading on {@code loop}. */
    public void probe(EventLoop loop, ProbeRequest request, Consumer<ProbeReading> done) {
        try {
            phasesFor(request); // the TLS context, built once per settings
        } catch (IllegalArgumentException noTls) { // a CA or key file that cannot be used
            onLoop(loop, () -> done.accept(new ProbeReading(ProbeOutcome.TLS_OTHER, -1, -1, "", 0, noTls.getMessage())));
            return;
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(stripBrackets(request.host()));
        if (literal != null) {
            InetAddress address;
            try {
                address = InetAddress.getByAddress(literal);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // not reached: the length is 4 or 16
            }
            onLoop(loop, () -> connect(loop, request, new InetAddress[] {address}, -1, done));
            return;
        }
        try {
            resolver.execute(() -> lookUp(loop, request, done));
        } catch (RejectedExecutionException shutDown) {
            // the monitor is stopping: no more probes
        }
    }

    private void lookUp(EventLoop loop, ProbeRequest request, Consumer<ProbeReading> done) {
        long t0 = System.nanoTime();
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(request.host());
        } catch (UnknownHostException | SecurityException e) {
            long dns = System.nanoTime() - t0;
            onLoop(loop, () -> done.accept(new ProbeReading(ProbeOutcome.DNS, dns, -1, "", 0,
                    "cannot resolve " + request.host())));
            return;
        }
        long dns = System.nanoTime() - t0;
        onLoop(loop, () -> connect(loop, request, all, dns, done));
    }

    private static void onLoop(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException shutDown) {
                // the monitor is stopping
            }
        }
    }

    private void connect(EventLoop loop, ProbeRequest request, InetAddress[] all, long dnsNanos,
            Consumer<ProbeReading> done) {
        if (request.family() == ProbeFamily.BOTH) {
            InetAddress v4 = first(all, Inet4Address.class);
            InetAddress v6 = first(all, Inet6Address.class);
            if (v4 == null || v6 == null) {
                done.accept(noAddress(request, v4 == null ? "IPv4" : "IPv6", dnsNanos));
                return;
            }
            Both both = new Both(dnsNanos, done);
            new Attempts(loop, request, v4, -1, both::ipv4).next();
            new Attempts(loop, request, v6, -1, both::ipv6).next();
            return;
        }
        InetAddress chosen = switch (request.family()) {
            case IPV4 -> first(all, Inet4Address.class);
            case IPV6 -> first(all, Inet6Address.class);
            default -> all.length > 0 ? all[0] : null;
        };
        if (chosen == null) {
            done.accept(noAddress(request, request.family() == ProbeFamily.IPV6 ? "IPv6" : "IPv4", dnsNanos));
            return;
        }
        new Attempts(loop, request, chosen, dnsNanos, done).next();
    }

    private static ProbeReading noAddress(ProbeRequest request, String family, long dnsNanos) {
        return new ProbeReading(ProbeOutcome.DNS, dnsNanos, -1, "", 0, "no " + family + " address for " + request.host());
    }

    private Bootstrap bootstrapFor(InetAddress address) {
        return address instanceof Inet6Address ? ipv6 : ipv4;
    }

    private LoopTimeouts timeoutsOf(EventLoop loop) {
        return timeouts.computeIfAbsent(loop, LoopTimeouts::new);
    }

    /**
     * The phases a probe of {@code request} walks after its connect: the TLS handshake (right after
     * the connect, or in the conversation after its STARTTLS), then the conversation's steps.
     */
    private Phase[] phasesFor(ProbeRequest request) {
        Conversation conversation = request.conversation().orElse(null);
        boolean starttls = conversation != null && conversation.startsTls();
        if (request.tls().isEmpty() && !starttls) {
            return conversation == null ? NO_PHASES
                    : conversation.phases(TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis()), () -> null);
        }
        ClientTls tls = contexts.computeIfAbsent(request.tls().orElse(TlsSettings.verified()), settings -> {
            try {
                return ClientTls.build(settings);
            } catch (TlsSetupException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
        Phase handshake = new TlsPhase(tls, request.host(), request.port());
        List<Phase> phases = new ArrayList<>();
        if (!starttls) {
            phases.add(handshake);
        }
        if (conversation != null) {
            phases.addAll(List.of(conversation.phases(TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis()),
                    () -> handshake)));
        }
        return phases.toArray(Phase[]::new);
    }

    private static InetAddress first(InetAddress[] all, Class<? extends InetAddress> type) {
        for (InetAddress a : all) {
            if (type.isInstance(a)) {
                return a;
            }
        }
        return null;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code ip:port} or {@code [ip]:port}. */
    static String label(InetSocketAddress address) {
        String ip = NetUtil.toAddressString(address.getAddress());
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }

    /** One address's attempts, one after the other until one is open or none are left; on its loop. */
    private final class Attempts {
        final EventLoop loop;
        final ProbeRequest request;
        final InetSocketAddress remote;
        final long dnsNanos;
        final Consumer<ProbeReading> done;
        final Phase[] phases;
        final LoopTimeouts loopTimeouts;
        final long timeoutNanos;
        int made;

        Attempts(EventLoop loop, ProbeRequest request, InetAddress address, long dnsNanos,
                Consumer<ProbeReading> done) {
            this.loop = loop;
            this.request = request;
            this.remote = new InetSocketAddress(address, request.port());
            this.dnsNanos = dnsNanos;
            this.done = done;
            this.phases = phasesFor(request);
            this.loopTimeouts = timeoutsOf(loop);
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis());
        }

        void next() {
            assert loop.inEventLoop();
            made++;
            Attempt attempt = new Attempt(this);
            Bootstrap bootstrap = bootstrapFor(remote.getAddress()).clone(loop).handler(attempt);
            attempt.startNanos = System.nanoTime();
            loopTimeouts.arm(attempt, timeoutNanos);
            ChannelFuture future = bootstrap.connect(remote);
            attempt.channel = future.channel();
            future.addListener(attempt);
        }

        void ended(ProbeOutcome outcome, long connectNanos, String detail, TlsHandshakeReading tls,
                ConversationReading conversation) {
            assert loop.inEventLoop();
            if (!outcome.isOpen() && made < request.attempts()) {
                next();
                return;
            }
            done.accept(new ProbeReading(outcome, dnsNanos, connectNanos, label(remote), made, detail,
                    Optional.ofNullable(tls), Optional.ofNullable(conversation)));
        }
    }

    /**
     * One probe's attempt: the engine's {@link Lifecycle} (connect, phases), closed with a FIN once
     * established and reported as an outcome. Touched on the attempt's loop only.
     */
    private static final class Attempt extends Lifecycle {
        final Attempts attempts;
        /** The TLS phase's reading once it is over, else null. */
        TlsHandshakeReading tlsReading;
        /** Each phase's latency once it passed (else -1), and what it learned. */
        final long[] phaseNanos;
        final Object[] phaseDetails;
        /** The cause of a failed phase, once one failed, else null. */
        Throwable phaseFailure;
        ScheduledFuture<?> closeWait;

        Attempt(Attempts attempts) {
            this.attempts = attempts;
            this.phaseNanos = new long[attempts.phases.length];
            Arrays.fill(phaseNanos, -1);
            this.phaseDetails = new Object[attempts.phases.length];
        }

        @Override
        EventLoop loop() {
            return attempts.loop;
        }

        @Override
        Phase[] phases() {
            return attempts.phases;
        }

        @Override
        LoopTimeouts phaseTimeouts() {
            return attempts.loopTimeouts;
        }

        @Override
        void connectFailed(Throwable cause, long nowNanos) {
            if (finishDialing()) {
                report(ProbeOutcome.of(FailureClassifier.classify(cause)), SystemMessages.reason(cause));
            }
        }

        /** Connected and every phase passed: the FIN, and a wait for its answer within what is left of the timeout. */
        @Override
        void established(long nowNanos) {
            long leftMillis = attempts.request.timeoutMillis()
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            long waitMillis = Math.max(CLOSE_WAIT_MIN_MILLIS, Math.min(CLOSE_WAIT_MAX_MILLIS, leftMillis));
            closeWait = attempts.loop.schedule(() -> finish(ProbeOutcome.OPEN, ""), waitMillis, TimeUnit.MILLISECONDS);
            shutdownOutput(channel); // the FIN: the probe never writes
        }

        @Override
        void connectTimedOut(long nowNanos) {
            // Netty's own wording, as when it timed the connect out
            report(ProbeOutcome.TIMEOUT, "connection timed out after " + attempts.request.timeoutMillis() + " ms: "
                    + attempts.remote);
        }

        @Override
        void phaseDone(int index, Phase phase, long latencyNanos, Object detail) {
            phaseNanos[index] = latencyNanos;
            phaseDetails[index] = detail;
            if (detail instanceof TlsHandshakeReading r) {
                tlsReading = r;
            }
        }

        @Override
        void phaseFailedOn(int index, Phase phase, ErrorReason reason, long phaseNanos, Throwable cause) {
            phaseFailure = cause;
            String detail = cause instanceof ConversationFailure words ? words.getMessage()
                    : cause == null ? reason.description() : TlsFailureClassifier.detail(cause);
            if (phase.isTls()) {
                tlsReading = new TlsHandshakeReading(phaseNanos, Optional.of(TlsReason.ofKey(reason.key())), detail, "",
                        "", "", Optional.empty());
            }
            report(ProbeOutcome.of(reason), detail);
        }

        @Override
        void closed(long nowNanos) {
            report(ProbeOutcome.OPEN, ""); // the server answered our FIN (or closed first)
        }

        /**
         * Sends the probe's FIN. On epoll and io_uring the socket is shut down for writing directly:
         * Netty's {@link DuplexChannel#shutdownOutput()} builds an exception with a stack trace on
         * every call (to fail the writes still pending, of which a probe has none). Elsewhere, or if
         * that fails, through Netty.
         */
        private static void shutdownOutput(Channel ch) {
            if (ch instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
                try {
                    socket.shutdown(false, true);
                    return;
                } catch (IOException e) {
                    // not connected any more (the server reset it): Netty's way sees to it
                }
            }
            if (ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (inPhases()) {
                return; // the phase under way fails for it (its handler saw it first), or on the close
            }
            finish(FailureClassifier.isReset(cause) ? ProbeOutcome.RESET : ProbeOutcome.OTHER,
                    SystemMessages.reason(cause));
        }

        /** Ends the attempt now, whatever its state, with {@code outcome}; nothing when it is over already. */
        void finish(ProbeOutcome outcome, String detail) {
            if (end()) {
                report(outcome, detail);
            }
        }

        /** It is over (resolved already): the channel closed, the outcome reported once. */
        private void report(ProbeOutcome outcome, String detail) {
            assert attempts.loop.inEventLoop();
            if (closeWait != null) {
                closeWait.cancel(false);
            }
            Channel ch = channel;
            if (ch != null && ch.isOpen()) {
                ch.close();
            }
            boolean connected = outcome.isOpen() || outcome.isTls() || outcome.isConversation();
            attempts.ended(outcome, connected ? connectedNanos - startNanos : -1, detail, tlsReading,
                    phaseNanos.length == 0 ? null
                            : ConversationReading.of(attempts.phases, phaseNanos, phaseDetails, phaseFailure));
        }
    }

    /** Combines the IPv4 and IPv6 readings of a {@code both} probe; on the probe's loop. */
    private static final class Both {
        final long dnsNanos;
        final Consumer<ProbeReading> done;
        ProbeReading v4;
        ProbeReading v6;

        Both(long dnsNanos, Consumer<ProbeReading> done) {
            this.dnsNanos = dnsNanos;
            this.done = done;
        }

        void ipv4(ProbeReading reading) {
            v4 = reading;
            maybeDone();
        }

        void ipv6(ProbeReading reading) {
            v6 = reading;
            maybeDone();
        }

        private void maybeDone() {
            if (v4 == null || v6 == null) {
                return;
            }
            ProbeReading failed = !v4.outcome().isOpen() ? v4 : !v6.outcome().isOpen() ? v6 : null;
            String address = v4.address() + " and " + v6.address();
            int made = v4.attempts() + v6.attempts();
            if (failed == null) {
                done.accept(new ProbeReading(ProbeOutcome.OPEN, dnsNanos, Math.max(v4.connectNanos(), v6.connectNanos()),
                        address, made, "", v4.tls(), v4.conversation()));
            } else {
                String family = failed == v4 ? "IPv4" : "IPv6";
                done.accept(new ProbeReading(failed.outcome(), dnsNanos, -1, address, made,
                        family + " " + failed.address() + ": " + failed.detail(), failed.tls(), failed.conversation()));
            }
        }
    }
}
