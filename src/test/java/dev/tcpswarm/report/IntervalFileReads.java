package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The interval files of a run read back as the tests that check them against the run's result
 * need them: the histograms of one tag in an HDR interval log added up, and a CSV interval file's
 * rows and column sums. Used by the tests of each series' files and of merge, on the test's thread.
 */
public final class IntervalFileReads {
    private IntervalFileReads() {
    }

    /** Every histogram tagged {@code tag} (null: the untagged ones) in an HDR log, added up. */
    public static Histogram tagged(Path log, String tag) throws IOException {
        Histogram sum = new Histogram(3);
        try (InputStream in = new FileInputStream(log.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                if (tag == null ? h.getTag() == null : tag.equals(h.getTag())) {
                    sum.add((Histogram) h);
                }
            }
        }
        return sum;
    }

    /** The CSV's rows as cells, the header first. */
    public static List<List<String>> csv(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(List.of(line.split(",", -1)));
        }
        return rows;
    }

    /** The sum of a whole-number column over the CSV's rows. */
    public static long columnSum(List<List<String>> rows, String column) {
        int c = rows.get(0).indexOf(column);
        assertTrue(c >= 0, "no column " + column + " in " + rows.get(0));
        long sum = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            sum += Long.parseLong(row.get(c));
        }
        return sum;
    }

    /** The sum of a whole-number column of the CSV file {@code csv}. */
    public static long columnSum(Path csv, String column) throws IOException {
        return columnSum(csv(csv), column);
    }
}
