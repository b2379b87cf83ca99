package dev.tcpswarm.traffic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A log file followed as {@code tail -F} follows it, polled:
 * <ul>
 * <li>new lines as they are written; a partial last line is held until its newline;</li>
 * <li>rotation by rename and create ({@code logrotate}'s {@code create}): the path names another
 * file, which is read from its start, while the old one is still read as long as it grows (a
 * writer keeps its descriptor until it reopens), and let go after {@link #RETIRE_AFTER_NANOS} idle;</li>
 * <li>truncation ({@code copytruncate}): the file is shorter than what was read, so it is read again
 * from its start; the lines written between the last poll and the truncation are read from the
 * copy, found beside the log ({@code access.log.1}, {@code access.log-20260101}) by the bytes just
 * before the position read;</li>
 * <li>a file that does not exist yet, or for a while during a rotation, is waited for.</li>
 * </ul>
 * Without following, it reads the file to its end once. Polled by the reading thread only.
 */
public final class FileFollower implements LineSource {
    /** How long a renamed file is still read after it last grew. */
    static final long RETIRE_AFTER_NANOS = 5_000_000_000L;
    private static final int TAIL_BYTES = 128;

    private final Path path;
    private final String name;
    private final boolean follow;
    private final LongSupplier nanoClock;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private OpenFile current;
    private final List<OpenFile> retiring = new ArrayList<>();
    private boolean ended;

    private FileFollower(Path path, String name, boolean follow, LongSupplier nanoClock) {
        this.path = path;
        this.name = name;
        this.follow = follow;
        this.nanoClock = nanoClock;
    }

    /**
     * Opens {@code path}: from its start, or (following, without {@code fromStart}) from its end.
     *
     * @throws NoSuchFileException when it does not exist and is not followed
     */
    public static FileFollower open(Path path, String name, boolean fromStart, boolean follow, LongSupplier nanoClock)
            throws IOException {
        FileFollower f = new FileFollower(path, name, follow, nanoClock);
        if (!Files.exists(path)) {
            if (!follow) {
                throw new NoSuchFileException(path.toString());
            }
            return f; // waited for
        }
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a directory");
        }
        f.current = f.openFile(fromStart || !follow);
        return f;
    }

    private OpenFile openFile(boolean fromStart) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            OpenFile o;
            if (fromStart) {
                o = new OpenFile(ch, key, 0, new LineSplitter(0));
            } else {
                long size = ch.size();
                o = new OpenFile(ch, key, size, new LineSplitter(countLines(ch, size)));
                if (size > 0 && lastByte(ch, size) != '\n') {
                    o.splitter.discardFirstLine();
                }
            }
            o.lastGrowth = nanoClock.getAsLong();
            return o;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** The first line of the file (for a CSV header when following from the end), or null. */
    public String firstLine() throws IOException {
        if (current == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(4096);
        current.channel.read(b, 0);
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == '\n') {
                return new String(b.array(), 0, i, java.nio.charset.StandardCharsets.UTF_8).strip();
            }
        }
        return null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public long poll(LineSink sink, int maxBytes) throws IOException {
        long read = 0;
        long now = nanoClock.getAsLong();
        for (Iterator<OpenFile> it = retiring.iterator(); it.hasNext(); ) {
            OpenFile old = it.next();
            long n = readAvailable(old, sink, maxBytes);
            read += n;
            if (n == 0 && now - old.lastGrowth > RETIRE_AFTER_NANOS) {
                old.splitter.flush(sink);
                old.close();
                it.remove();
            }
        }
        if (current != null) {
            read += readAvailable(current, sink, maxBytes);
        }
        if (read >= maxBytes) {
            return read; // more to read: the path is looked at once caught up
        }
        if (!follow) {
            if (current != null) {
                current.splitter.flush(sink);
            }
            ended = true;
            return read;
        }
        lookAtPath(sink);
        return read;
    }

    /** Rotation, truncation, a file that appeared. */
    private void lookAtPath(LineSink sink) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // renamed away; the new one is not there yet
        }
        if (!attrs.isRegularFile()) {
            return;
        }
        if (current == null) {
            current = openFile(true);
            readAvailable(current, sink, Integer.MAX_VALUE / 2);
            return;
        }
        if (!attrs.fileKey().equals(current.key)) {
            retiring.add(current);
            if (retiring.size() > 4) {
                OpenFile oldest = retiring.remove(0);
                oldest.splitter.flush(sink);
                oldest.close();
            }
            current = openFile(true);
            return;
        }
        if (attrs.size() < current.position) {
            readFromCopy(sink);
            current.splitter.flush(sink);
            current.splitter = new LineSplitter(0);
            current.position = 0;
            current.tailLength = 0;
        }
    }

    /**
     * After a truncation: the rest of the old content from the copy logrotate made, when one beside
     * the log holds exactly the bytes read last at the position reached.
     */
    private void readFromCopy(LineSink sink) throws IOException {
        if (current.tailLength == 0) {
            return;
        }
        Path dir = path.toAbsolutePath().getParent();
        String base = path.getFileName().toString();
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().length() > base.length() && p.getFileName().toString().startsWith(base)
                        && !p.getFileName().toString().endsWith(".gz"))) {
            siblings.forEach(candidates::add);
        }
        candidates.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return java.nio.file.attribute.FileTime.fromMillis(0);
            }
        }).reversed());
        for (Path copy : candidates) {
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
                if (ch.size() < current.position) {
                    continue;
                }
                ByteBuffer tail = ByteBuffer.allocate(current.tailLength);
                ch.read(tail, current.position - current.tailLength);
                if (!Arrays.equals(tail.array(), 0, current.tailLength, current.tail, 0, current.tailLength)) {
                    continue;
                }
                OpenFile fromCopy = new OpenFile(ch, null, current.position, current.splitter);
                readAvailable(fromCopy, sink, Integer.MAX_VALUE / 2);
                return;
            } catch (IOException e) {
                // not readable: try the next
            }
        }
    }

    /** Reads what the file holds past the position, up to about {@code maxBytes}. */
    private long readAvailable(OpenFile f, LineSink sink, int maxBytes) throws IOException {
        long total = 0;
        while (total < maxBytes) {
            buffer.clear();
            int n = f.channel.read(buffer, f.position);
            if (n <= 0) {
                break;
            }
            f.position += n;
            total += n;
            f.rememberTail(buffer.array(), n);
            f.splitter.feed(buffer.array(), 0, n, sink);
        }
        if (total > 0) {
            f.lastGrowth = nanoClock.getAsLong();
        }
        return total;
    }

    private static long countLines(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        long lines = 0;
        for (long pos = 0; pos < size; ) {
            b.clear();
            int n = ch.read(b, pos);
            if (n <= 0) {
                break;
            }
            byte[] a = b.array();
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    lines++;
                }
            }
            pos += n;
        }
        return lines;
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, size - 1);
        return b.get(0);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
        retiring.forEach(OpenFile::close);
    }

    /** One open file of the follower: its channel, identity, position and the partial line. */
    private static final class OpenFile {
        final FileChannel channel;
        final Object key;
        long position;
        LineSplitter splitter;
        long lastGrowth;
        final byte[] tail = new byte[TAIL_BYTES];
        int tailLength;

        OpenFile(FileChannel channel, Object key, long position, LineSplitter splitter) {
            this.channel = channel;
            this.key = key;
            this.position = position;
            this.splitter = splitter;
        }

        /** Keeps the last bytes read, to recognise a copytruncate's copy. */
        void rememberTail(byte[] b, int n) {
            if (n >= TAIL_BYTES) {
                System.arraycopy(b, n - TAIL_BYTES, tail, 0, TAIL_BYTES);
                tailLength = TAIL_BYTES;
            } else {
                int keep = Math.min(tailLength, TAIL_BYTES - n);
                System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                System.arraycopy(b, 0, tail, keep, n);
                tailLength = keep + n;
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to read from it
            }
        }
    }
}
