package dev.tcpswarm.report;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;

/**
 * The one CSV dialect of tcpswarm's files (the run's interval CSV, ramp's CSV): RFC 4180, a value
 * quoted only when it holds a comma, a quote or a line break. Jackson by default quotes every value
 * longer than 24 characters without looking at it, which quoted one header column in ramp's file
 * and none of the others. Immutable, shared by every writer thread.
 */
final class CsvFormat {
    static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private CsvFormat() {
    }
}
