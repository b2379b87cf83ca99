package dev.tcpswarm.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * are logs that grow, so they are appended to (one write per call), not renamed into place.
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
    private LocalDate lastDay;

    /**
     * @param header the first line of every new file, without its newline; null for none
     * @param keepDays 0 keeps every file
     */
    public DailyFiles(Path dir, String prefix, String header, ZoneId zone, int keepDays) {
        this.dir = dir;
        this.prefix = prefix;
        this.header = header;
        this.zone = zone;
        this.keepDays = keepDays;
        this.name = Pattern.compile(Pattern.quote(prefix) + "(\\d{8})\\.log");
    }

    /** The file for {@code day}. */
    public Path fileFor(LocalDate day) {
        return dir.resolve(prefix + DAY.format(day) + ".log");
    }

    /** Appends {@code text} (whole lines) to the file of the day of {@code epochMillis}. */
    public void append(long epochMillis, String text) {
        LocalDate day = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        try {
            if (!day.equals(lastDay)) {
                Files.createDirectories(dir);
                prune(day);
                lastDay = day;
            }
            Path file = fileFor(day);
            String content = header != null && !Files.exists(file) ? header + "\n" + text : text;
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileFor(day) + ": " + e.getMessage(), e);
        }
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
