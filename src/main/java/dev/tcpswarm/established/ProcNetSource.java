package dev.tcpswarm.established;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the tcp and tcp6 tables of one network namespace are read: this process's own
 * ({@code /proc/self/net}), another process's ({@code /proc/PID/net}: a pod's, a container's), or
 * a directory of captured files (tests, the benchmark). A process's namespace is pinned when it is
 * chosen: if the process ends, or its PID comes to name a process in another namespace, reading
 * fails instead of silently counting another namespace's connections. Used by the one thread that
 * scans.
 */
public final class ProcNetSource {
    private final Path directory;
    private final ByteOrder byteOrder;
    private final String description;
    private final Path namespaceLink;
    private final String namespace;
    private final boolean sharesOwnNamespace;

    private ProcNetSource(Path directory, ByteOrder byteOrder, String description, Path namespaceLink,
            String namespace, boolean sharesOwnNamespace) {
        this.directory = directory;
        this.byteOrder = byteOrder;
        this.description = description;
        this.namespaceLink = namespaceLink;
        this.namespace = namespace;
        this.sharesOwnNamespace = sharesOwnNamespace;
    }

    /** This process's network namespace. */
    public static ProcNetSource ownNamespace() {
        return new ProcNetSource(Path.of("/proc/self/net"), ByteOrder.nativeOrder(), "this network namespace", null,
                null, true);
    }

    /**
     * The network namespace of process {@code pid}.
     *
     * @throws IllegalArgumentException when there is no such process, or its tables cannot be read
     */
    public static ProcNetSource ofProcess(int pid) {
        if (pid < 1) {
            throw new IllegalArgumentException("--netns-pid must be a process id (1 or more), not " + pid);
        }
        Path proc = Path.of("/proc", Integer.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new IllegalArgumentException("--netns-pid " + pid + ": no such process");
        }
        Path tcp = proc.resolve("net/tcp");
        if (!Files.isReadable(tcp)) {
            throw new IllegalArgumentException("--netns-pid " + pid + ": cannot read " + tcp
                    + " (run as root or as the process's user)");
        }
        Path link = proc.resolve("ns/net");
        String namespace = namespaceOf(link);
        String own = namespaceOf(Path.of("/proc/self/ns/net"));
        boolean same = namespace == null || namespace.equals(own);
        return new ProcNetSource(proc.resolve("net"), ByteOrder.nativeOrder(),
                "the network namespace of process " + pid, link, namespace, same);
    }

    /** Captured {@code tcp} and {@code tcp6} files in {@code directory}, written by a machine of {@code order}. */
    public static ProcNetSource directory(Path directory, ByteOrder order) {
        return new ProcNetSource(directory, order, directory.toString(), null, null, false);
    }

    /** The byte order of the machine whose kernel wrote the tables. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** True when the tables are those of this process's own network namespace (its listeners are in them). */
    public boolean sharesOwnNamespace() {
        return sharesOwnNamespace;
    }

    /** For messages: "this network namespace", "the network namespace of process 123". */
    public String description() {
        return description;
    }

    /**
     * Reads table {@code name} ({@code tcp} or {@code tcp6}) whole into {@code buffer}, growing it as
     * needed; a missing tcp6 (IPv6 disabled) reads as empty.
     *
     * @throws NamespaceGoneException when the process whose namespace this is has ended or is
     *     another process now
     */
    void read(String name, ReadBuffer buffer) throws IOException {
        checkNamespace();
        Path file = directory.resolve(name);
        buffer.length = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                if (buffer.length == buffer.bytes.length) {
                    buffer.grow();
                }
                int n = channel.read(buffer.view(buffer.length));
                if (n < 0) {
                    break;
                }
                buffer.length += n;
            }
        } catch (NoSuchFileException e) {
            if (namespaceLink != null) {
                checkNamespace();
                if (!Files.isDirectory(directory)) {
                    throw new NamespaceGoneException(description + " is gone: the process has ended");
                }
            }
            if (!name.equals("tcp6")) {
                throw e;
            }
        }
    }

    private void checkNamespace() throws NamespaceGoneException {
        if (namespaceLink != null && !Objects.equals(namespace, namespaceOf(namespaceLink))) {
            throw new NamespaceGoneException(description + " is gone: the process has ended");
        }
    }

    private static String namespaceOf(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A byte array reused from scan to scan, and how much of it one read filled. */
    static final class ReadBuffer {
        byte[] bytes;
        int length;
        private ByteBuffer view;

        ReadBuffer(int initialBytes) {
            bytes = new byte[initialBytes];
            view = ByteBuffer.wrap(bytes);
        }

        private ByteBuffer view(int position) {
            view.limit(bytes.length).position(position);
            return view;
        }

        private void grow() {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
            view = ByteBuffer.wrap(bytes);
        }
    }
}
