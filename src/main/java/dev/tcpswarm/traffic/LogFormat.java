package dev.tcpswarm.traffic;

import java.util.Map;

/**
 * The line formats {@code --format} and a {@code logs:} source's {@code format} name. {@code auto}
 * is decided per source from its first lines by {@link AutoDetectingParser}. Any thread.
 */
public enum LogFormat {
    AUTO, CSV, COMMON, COMBINED, JSON;

    /** A new parser for one source; {@code jsonFields} are the --json-field overrides. */
    public LineParser newParser(Map<String, String> jsonFields) {
        return switch (this) {
            case AUTO -> new AutoDetectingParser(jsonFields);
            case CSV -> new CsvLogParser();
            case COMMON -> new CommonLogParser(false);
            case COMBINED -> new CommonLogParser(true);
            case JSON -> new JsonLogParser(jsonFields);
        };
    }
}
