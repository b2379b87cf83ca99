package dev.tcpswarm.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One family of daily files in the log directory, {@code PREFIX_YYYYMMDD.log}: text is appended to
 * the file of the local date it is stamped with (so a new file starts at local midnight), a new file
 * starts with its header, and files older than {@code keepDays} are deleted when a day begins. These
 * are logs that grow, so they are appended to (one whole write per call, or none), not renamed into place.
 * Pipeline thread only.
 */
public final class DailyFiles {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final Path dir;
    private final String prefix;
    private final String header;
    private final ZoneId zone;
    private final int keepDays;
    private final Pattern name;
    private final WriteFaults faults;
    private LocalDate lastDay;

    /**
     * @param header the first line of every new file, without its newline; null for none
     * @param keepDays 0 keeps every file
     * @param faults where failed writes are counted and said
     */
    public DailyFiles(Path dir, String prefix, String header, ZoneId zone, int keepDays, WriteFaults faults) {
        this.faults = faults;
        this.dir = dir;
        this.prefix = prefix;
        this.header = header;
        this.zone = zone;
        this.keepDays = keepDays;
        this.name = Pattern.compile(Pattern.quote(prefix) + "(\\d{8})\\.log");
    }

    /**
     * Makes {@code dir} if needed and checks that a file can be made in it, before the monitor starts:
     * a log directory that can never be written is bad input (refused at once), not a fault of the
     * disk met during the run.
     *
     * @throws IOException saying why, in words ({@link #reason})
     */
    public static void checkWritable(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".tcpswarm-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        }
    }

    /** What a file-system failure means, without the path the caller names anyway. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory, and it cannot be made";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The file for {@code day}. */
    public Path fileFor(LocalDate day) {
        return dir.resolve(prefix + DAY.format(day) + ".log");
    }

    /**
     * Appends {@code text} (whole lines) to the file of the day of {@code epochMillis}: all of it or
     * nothing. A write the disk takes only in part (full) is cut back to where the file ended, so the
     * file never holds a torn line; the lines not written are counted and said ({@link WriteFaults}).
     */
    public void append(long epochMillis, String text) {
        LocalDate day = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        Path file = fileFor(day);
        try {
            if (!day.equals(lastDay)) {
                Files.createDirectories(dir);
                prune(day);
                lastDay = day;
            }
            appendWhole(file, text);
            faults.written(file, epochMillis);
        } catch (IOException e) {
            faults.failed(file, e.getMessage() == null ? e.toString() : e.getMessage(), lines(text), epochMillis);
        }
    }

    private void appendWhole(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long end = channel.size();
            String content = header != null && end == 0 ? header + "\n" + text : text;
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes, end + bytes.position());
                }
            } catch (IOException e) {
                try {
                    channel.truncate(end); // what the disk took of it goes: whole lines only
                } catch (IOException ignored) {
                    // nothing more can be done; the next write starts at the torn end's length again
                }
                throw e;
            }
        }
    }

    private static long lines(String text) {
        return text.chars().filter(c -> c == '\n').count();
    }

    /** Deletes this family's files dated more than {@code keepDays} before {@code today}. */
    public void prune(LocalDate today) throws IOException {
        if (keepDays <= 0 || !Files.isDirectory(dir)) {
            return;
        }
        LocalDate oldestKept = today.minusDays(keepDays);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = name.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    if (LocalDate.parse(m.group(1), DAY).isBefore(oldestKept)) {
                        Files.deleteIfExists(f);
                    }
                } catch (DateTimeParseException notADate) {
                    // not one of ours
                }
            }
        }
    }
}
