package dev.tcpswarm.cli;

import dev.tcpswarm.engine.Transport;
import dev.tcpswarm.server.BuiltInServer;
import dev.tcpswarm.server.ServerMode;
import dev.tcpswarm.server.ServerTls;
import dev.tcpswarm.verdict.ExitCode;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tcpswarm serve}: runs the {@link BuiltInServer} in the foreground, so a demo or a script
 * has a target that behaves exactly as asked. It prints one line saying where it listens (scripts
 * read the port from it), a status line each interval, and a final status line when SIGINT or
 * SIGTERM stops it. One run per instance.
 */
@Command(name = "serve", mixinStandardHelpOptions = false, sortOptions = false,
        description = {
            "Run the built-in test server until Ctrl-C or SIGTERM.",
            "",
            "Modes: hold keeps every connection open until the client closes it; close closes each one at once "
                    + "(FIN); reset aborts each one (RST); echo sends back what arrives; stall never accepts, "
                    + "so once its backlog of 1 is full, connects time out.",
            "",
            "The first line of output is 'listening on ADDRESS:PORT mode MODE'; then each interval "
                    + "'accepted: A, open: O, peak: P, rejected: R', in echo mode with ', echoed: B bytes' "
                    + "(what it read and sent back).",
        })
public final class ServeCommand implements Callable<Integer> {
    /** Longest status interval accepted. */
    static final long MAX_INTERVAL_NANOS = TimeUnit.DAYS.toNanos(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", converter = AddressConverter.class,
            description = "Address to listen on, IPv4 or IPv6, e.g. ::1 (default: ${DEFAULT-VALUE}).")
    InetAddress bind;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hold", converter = ModeConverter.class,
            completionCandidates = Candidates.ServerModes.class,
            description = "hold, close, reset, echo or stall, in any case (default: ${DEFAULT-VALUE}).")
    ServerMode mode;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "0",
            description = "Hold at most N connections at once and reset each one past that; "
                    + "0 means no limit (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", defaultValue = "1s",
            converter = Durations.Seconds.class,
            description = "Time between status lines, e.g. 200ms, 5s; a bare number is seconds, fractions allowed; "
                    + "0 prints none but the last (default: ${DEFAULT-VALUE}).")
    long intervalNanos;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--tls", description = "Speak TLS: the handshake after each accept, then the mode. With "
            + "--cert and --key their certificate, else a self-signed one for localhost made at start (its "
            + "fingerprint is printed).")
    boolean tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "With --tls: the certificate chain, PEM.")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "With --tls: the certificate's key, PEM (PKCS#8, unencrypted).")
    Path keyFile;

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    @Mixin
    HelpOption help = new HelpOption();

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        BuiltInServer server;
        ServerTls serverTls;
        try {
            serverTls = !tls ? null : certFile != null ? ServerTls.fromFiles(certFile, keyFile) : ServerTls.selfSigned();
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("tcpswarm: " + e.getMessage());
            err.flush();
            finished.countDown();
            return ExitCode.USAGE;
        }
        // From here a signal stops the server (at once, if it comes while the server starts), and the
        // process ends with call()'s code once the final line is out.
        ProcessSignals.started(this::stopOnSignal);
        try {
            server = BuiltInServer.start(transport(), bind, port, mode, maxConnections, threads, serverTls);
        } catch (IOException e) {
            // the system's reason, on epoll and NIO alike: "Address already in use"
            boolean inUse = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("already in use");
            PrintWriter err = spec.commandLine().getErr();
            err.println("tcpswarm: cannot listen on " + addressLabel(bind, port) + ": " + (inUse
                    ? "the port is already in use (something else listens there): stop that, or pick another --port "
                            + "(0 picks a free one)"
                    : e.getMessage()));
            err.flush();
            finished.countDown();
            return inUse ? ExitCode.UNAVAILABLE : ExitCode.USAGE;
        }
        try {
            out.println(listeningLine(server));
            if (serverTls != null) {
                out.println(serverTls.describe());
            }
            out.flush();
            printStatusUntilStopped(server, out);
            out.println(server.statusLine());
            out.flush();
        } finally {
            server.close();
            ProcessSignals.stopped();
            finished.countDown();
        }
        return ExitCode.OK;
    }

    /**
     * Stops a running {@code serve} the way a signal does, but lets {@link #call()} return normally:
     * it prints the final status line and returns 0. For tests and for embedding.
     */
    public void stop() {
        stopRequested.countDown();
    }

    /**
     * Waits up to {@code timeout} for {@link #call()} to finish: final line printed, server closed.
     * Returns true when it did.
     */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    private void validate() {
        if ((certFile == null) != (keyFile == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together: give both, or neither "
                    + "for a self-signed certificate");
        }
        if (certFile != null && !tls) {
            throw new ParameterException(spec.commandLine(), "--cert and --key are for --tls: add --tls");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        if (maxConnections < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--max-connections must be 0 (no limit) or more, not " + maxConnections);
        }
        if (intervalNanos < 0 || intervalNanos > MAX_INTERVAL_NANOS) {
            throw new ParameterException(spec.commandLine(), "--interval must be between 0 and 1d, not "
                    + Durations.format(intervalNanos));
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + threads);
        }
    }

    /** The transport from --transport; a fallback note goes to stderr. */
    private Transport transport() {
        PrintWriter err = spec.commandLine().getErr();
        Transport transport = transportOptions.choose(err::println);
        err.flush();
        return transport;
    }

    /** Prints a status line every interval until {@link #stop()} or a signal; returns at once after either. */
    private void printStatusUntilStopped(BuiltInServer server, PrintWriter out) {
        long nextNanos = System.nanoTime() + intervalNanos;
        try {
            if (intervalNanos == 0) {
                stopRequested.await();
                return;
            }
            // Fixed rate: each line is due one interval after the previous one was due, not printed.
            while (!stopRequested.await(Math.max(0, nextNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                out.println(server.statusLine());
                out.flush();
                nextNanos += intervalNanos;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // interrupted: stop as a signal would
        }
    }

    /** A signal's work: stop as {@link #stop()} does; the process then ends with call()'s 0. */
    private void stopOnSignal() {
        stopRequested.countDown();
    }

    /** {@code listening on 127.0.0.1:PORT mode hold}, with {@code  max-connections N} when there is a limit. */
    static String listeningLine(BuiltInServer server) {
        String line = "listening on " + addressLabel(server.localAddress().getAddress(), server.port()) + " mode "
                + server.mode().label();
        return server.maxConnections() > 0 ? line + " max-connections " + server.maxConnections() : line;
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}, the address in its shortest standard form. */
    static String addressLabel(InetAddress address, int port) {
        String ip = NetUtil.toAddressString(address);
        return (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** Reads {@code --bind}: an IP literal (IPv6 with or without brackets), else a host name such as localhost. */
    static final class AddressConverter implements CommandLine.ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            String literal = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1)
                    : value;
            InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
            if (address != null) {
                return address;
            }
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an IP address or a known host name");
            }
        }
    }

    /** Reads {@code --mode} in any letter case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<ServerMode> {
        @Override
        public ServerMode convert(String value) {
            try {
                return ServerMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
