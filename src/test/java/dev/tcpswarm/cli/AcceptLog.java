package dev.tcpswarm.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A plain listener for tests that need what the built-in server does not do: it notes the time of
 * every accept, holds what it accepted, and can close what it holds or stop listening on cue. One
 * thread accepts; the methods are thread-safe.
 */
public final class AcceptLog implements AutoCloseable {
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Long> acceptNanos = new ArrayList<>();
    private final List<Socket> held = new ArrayList<>();
    private int mostHeld;

    /**
     * @param afterAccept told the number accepted so far after each accept, on the accepting thread
     *     (it may call {@link #closeHeld()} or {@link #stopListening()})
     */
    private AcceptLog(IntConsumer afterAccept) throws IOException {
        listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = listener.accept();
                    int count;
                    synchronized (this) {
                        acceptNanos.add(System.nanoTime());
                        held.add(s);
                        mostHeld = Math.max(mostHeld, held.size());
                        count = acceptNanos.size();
                    }
                    afterAccept.accept(count);
                }
            } catch (IOException e) {
                // the listener was closed
            }
        }, "accept-log");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static AcceptLog start() throws IOException {
        return new AcceptLog(n -> { });
    }

    static AcceptLog start(IntConsumer afterAccept) throws IOException {
        return new AcceptLog(afterAccept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public synchronized int accepted() {
        return acceptNanos.size();
    }

    /** The most connections held at once (those closed by {@link #closeHeld()} no longer count). */
    public synchronized int mostHeld() {
        return mostHeld;
    }

    /** Seconds from the first accept to the last. */
    public synchronized double acceptSpanSeconds() {
        return acceptNanos.isEmpty() ? 0 : (acceptNanos.get(acceptNanos.size() - 1) - acceptNanos.get(0)) / 1e9;
    }

    /** Closes (FIN) every connection held now. */
    public synchronized void closeHeld() {
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        held.clear();
    }

    /** Closes the listener: later connects are refused; what is held stays open. */
    public void stopListening() {
        try {
            listener.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    @Override
    public void close() {
        stopListening();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeHeld();
    }
}
