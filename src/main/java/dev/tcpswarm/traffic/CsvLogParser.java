package dev.tcpswarm.traffic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HttpMonitor's CSV access log, read with Jackson's CSV module: a header
 * {@code "remotehost","rfc931","authuser","date","request","status","bytes"} (any order; a file
 * without one is read in this order), {@code date} in Unix seconds, quoted or bare fields, {@code ""}
 * for a quote inside one. The header is recognised wherever it appears (a rotated file starts
 * with it again) and is not a request. One per source (the header's order is its state); touched by
 * the reading thread only.
 */
public final class CsvLogParser implements LineParser {
    /** HttpMonitor's columns, in its order. */
    public static final List<String> HTTPMONITOR_COLUMNS =
            List.of("remotehost", "rfc931", "authuser", "date", "request", "status", "bytes");

    private static final CsvFactory CSV = new CsvFactory();

    private final List<String> fields = new ArrayList<>(8);
    private int host = 0;
    private int date = 3;
    private int request = 4;
    private int status = 5;
    private int bytes = 6;
    private int columns = 7;

    @Override
    public String formatName() {
        return "csv";
    }

    /** Whether {@code line} is a header of this format: it names at least the date, request and status columns. */
    public static boolean isHeader(String line) {
        try {
            List<String> f = new ArrayList<>();
            read(line, f);
            List<String> lower = f.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            return lower.contains("date") && lower.contains("request") && lower.contains("status");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Request parse(String line) throws MalformedLineException {
        if (line.isBlank()) {
            return null;
        }
        try {
            return request(line);
        } catch (MalformedLineException e) {
            if (isHeader(line)) {
                header(line);
                return null;
            }
            throw e;
        }
    }

    private Request request(String line) throws MalformedLineException {
        try {
            read(line, fields);
        } catch (IOException e) {
            throw new MalformedLineException("not a csv line (" + firstLine(e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        if (fields.size() < columns) {
            throw new MalformedLineException("not a csv line (" + fields.size() + " fields, the header has " + columns
                    + ")");
        }
        String dateText = fields.get(date).trim();
        long time = dateText.isEmpty() || !Character.isDigit(dateText.charAt(0)) ? -1 : LogTimes.parse(dateText);
        if (time < 0) {
            throw new MalformedLineException("not a csv line (date '" + clip(dateText) + "' is not Unix seconds)");
        }
        int code = statusOf(fields.get(status).trim());
        if (code < 0) {
            throw new MalformedLineException("not a csv line (status '" + clip(fields.get(status)) + "' is not 3 digits)");
        }
        long size = 0;
        if (bytes >= 0) {
            String b = fields.get(bytes).trim();
            if (!b.isEmpty() && !b.equals("-")) {
                try {
                    size = Long.parseLong(b);
                } catch (NumberFormatException e) {
                    throw new MalformedLineException("not a csv line (bytes '" + clip(b) + "' is not a number)");
                }
            }
        }
        String r = fields.get(request);
        String method = "-";
        String path = "";
        int sp1 = r.indexOf(' ');
        if (sp1 > 0) {
            int sp2 = r.indexOf(' ', sp1 + 1);
            method = r.substring(0, sp1);
            path = r.substring(sp1 + 1, sp2 < 0 ? r.length() : sp2);
        }
        return new Request(host >= 0 ? fields.get(host) : "-", time, method, path, code, size);
    }

    /** Takes the column order from a header line. */
    private void header(String line) throws MalformedLineException {
        try {
            read(line, fields);
        } catch (IOException e) {
            throw new MalformedLineException("not a csv line (" + firstLine(e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        List<String> names = fields.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        host = names.indexOf("remotehost");
        date = names.indexOf("date");
        request = names.indexOf("request");
        status = names.indexOf("status");
        bytes = names.indexOf("bytes");
        columns = names.size();
    }

    private static int statusOf(String s) {
        if (s.length() != 3) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + c - '0';
        }
        return v;
    }

    /** The fields of one CSV row; the line must hold exactly one. */
    private static void read(String line, List<String> into) throws IOException {
        into.clear();
        try (JsonParser p = CSV.createParser(line)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "no fields");
            }
            while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                into.add(p.getText());
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "more than one row on the line");
            }
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable" : message;
        int nl = m.indexOf('\n');
        return clip(nl < 0 ? m : m.substring(0, nl));
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
