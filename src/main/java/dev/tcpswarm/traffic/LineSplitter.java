package dev.tcpswarm.traffic;

import java.nio.charset.StandardCharsets;

/**
 * Cuts the bytes of one file into lines: a partial last line is held until its newline comes, a
 * line longer than {@link #MAX_LINE_BYTES} is only measured (so a 1 MB line costs no memory), and
 * lines are numbered from 1 for the {@code file:line} of a malformed line's report. Touched by the
 * reading thread only.
 */
final class LineSplitter {
    /** The longest line kept: nginx's default request line is at most 8 KiB. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private byte[] partial = new byte[256];
    private int length;
    private long overflow;
    private long lineNumber;
    private boolean discardFirst;

    /** A splitter whose lines are numbered from {@code linesBefore + 1}. */
    LineSplitter(long linesBefore) {
        this.lineNumber = linesBefore;
    }

    /** The bytes up to the first newline finish a line read by someone else (following from the middle of one). */
    void discardFirstLine() {
        discardFirst = true;
    }

    void feed(byte[] buf, int off, int n, LineSink sink) {
        int end = off + n;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (discardFirst) {
                discardFirst = false;
                length = 0;
                overflow = 0;
                lineNumber++;
            } else if (length == 0 && overflow == 0) {
                emit(buf, start, i - start, sink);
            } else {
                append(buf, start, i - start);
                emitPartial(sink);
            }
            start = i + 1;
        }
        if (start < end) {
            append(buf, start, end - start);
        }
    }

    /** The end of the file's input: a last line without its newline still counts. */
    void flush(LineSink sink) {
        if (discardFirst) {
            discardFirst = false;
            length = 0;
            overflow = 0;
            return;
        }
        if (length > 0 || overflow > 0) {
            emitPartial(sink);
        }
    }

    /** Whether a partial line is held. */
    boolean holdsPartial() {
        return length > 0 || overflow > 0;
    }

    private void append(byte[] buf, int off, int n) {
        if (overflow > 0 || length + n > MAX_LINE_BYTES) {
            overflow += n;
            return;
        }
        if (length + n > partial.length) {
            byte[] bigger = new byte[Math.min(MAX_LINE_BYTES, Math.max(partial.length * 2, length + n))];
            System.arraycopy(partial, 0, bigger, 0, length);
            partial = bigger;
        }
        System.arraycopy(buf, off, partial, length, n);
        length += n;
    }

    private void emitPartial(LineSink sink) {
        if (overflow > 0) {
            lineNumber++;
            sink.tooLong(lineNumber, length + overflow);
        } else {
            emit(partial, 0, length, sink);
        }
        length = 0;
        overflow = 0;
        if (partial.length > 4096) {
            partial = new byte[256]; // one long line does not keep its buffer
        }
    }

    private void emit(byte[] buf, int off, int n, LineSink sink) {
        lineNumber++;
        if (n > MAX_LINE_BYTES) {
            sink.tooLong(lineNumber, n);
            return;
        }
        int len = n > 0 && buf[off + n - 1] == '\r' ? n - 1 : n;
        sink.line(new String(buf, off, len, StandardCharsets.UTF_8), lineNumber);
    }
}
