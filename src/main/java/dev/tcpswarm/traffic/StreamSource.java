package dev.tcpswarm.traffic;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A log read from a stream, {@code -} for stdin ({@code tail -F access.log | tcpswarm traffic -}).
 * A daemon thread blocks on the stream and hands its chunks over a bounded queue (a slow reader
 * holds the writer back instead of growing), so a poll never blocks. The stream's end is the log's
 * end. Polled by the reading thread; the pump thread only reads the stream.
 */
public final class StreamSource implements LineSource {
    private static final byte[] END = new byte[0];

    private final String name;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private final LineSplitter splitter = new LineSplitter(0);
    private final Thread pump;
    private volatile IOException failure;
    private boolean ended;

    public StreamSource(String name, InputStream in) {
        this.name = name;
        this.pump = new Thread(() -> pump(in), "tcpswarm-traffic-stdin");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n > 0) {
                    chunks.put(Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            return;
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long poll(LineSink sink, int maxBytes) throws IOException {
        long read = 0;
        byte[] chunk;
        while (read < maxBytes && !ended && (chunk = chunks.poll()) != null) {
            if (chunk == END) {
                splitter.flush(sink);
                ended = true;
                if (failure != null) {
                    throw failure;
                }
                break;
            }
            splitter.feed(chunk, 0, chunk.length, sink);
            read += chunk.length;
        }
        return read;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        pump.interrupt();
    }
}
