package dev.tcpswarm.traffic;

import java.util.Map;

/**
 * {@code --format auto}: the first line that is not blank picks the format (a CSV header, or a line
 * starting with a quote: csv; {@code {}: json; a line the combined parser reads: combined; one the
 * common parser reads: common), and every later line is read in it. Until a line decides, lines are
 * malformed ("not a line of any known format"); a CSV file's header decides at once. One per source;
 * touched by the reading thread only.
 */
public final class AutoDetectingParser implements LineParser {
    private final Map<String, String> jsonFields;
    private LineParser chosen;

    public AutoDetectingParser(Map<String, String> jsonFields) {
        this.jsonFields = jsonFields;
    }

    @Override
    public String formatName() {
        return chosen == null ? "auto" : chosen.formatName();
    }

    @Override
    public Request parse(String line) throws MalformedLineException {
        if (chosen != null) {
            return chosen.parse(line);
        }
        if (line.isBlank()) {
            return null;
        }
        String t = line.stripLeading();
        if (t.startsWith("{")) {
            return tryWith(new JsonLogParser(jsonFields), line);
        }
        if (CsvLogParser.isHeader(line) || t.startsWith("\"")) {
            return tryWith(new CsvLogParser(), line);
        }
        for (LineParser p : new LineParser[] {new CommonLogParser(true), new CommonLogParser(false)}) {
            try {
                Request r = p.parse(line);
                chosen = p;
                return r;
            } catch (MalformedLineException e) {
                // try the next
            }
        }
        throw new MalformedLineException("not a line of any known format (csv, common, combined, json)");
    }

    private Request tryWith(LineParser p, String line) throws MalformedLineException {
        Request r = p.parse(line); // a malformed first line decides nothing
        chosen = p;
        return r;
    }
}
