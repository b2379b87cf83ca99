package dev.tcpswarm.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON lines, one object per line, read with Jackson; which key holds what is configurable
 * ({@code --json-field time=ts}), and by default the names nginx's and Apache's JSON layouts use
 * ({@code remote_addr}, {@code time_local} or {@code time_iso8601} or {@code msec}, {@code request}
 * or {@code method} with {@code uri}, {@code status}, {@code body_bytes_sent}). The time may be a
 * number (Unix seconds or milliseconds), ISO-8601 or the CLF form. Stateless; any thread.
 */
public final class JsonLogParser implements LineParser {
    /** The roles a key can fill, in the order --json-field names them. */
    public static final List<String> ROLES = List.of("host", "time", "request", "method", "path", "status", "bytes");

    private static final Map<String, List<String>> DEFAULT_KEYS = Map.of(
            "host", List.of("remote_addr", "remotehost", "remote_host", "client", "ip", "host"),
            "time", List.of("time", "timestamp", "@timestamp", "date", "time_local", "time_iso8601", "msec", "ts"),
            "request", List.of("request"),
            "method", List.of("method", "request_method", "verb"),
            "path", List.of("uri", "path", "request_uri", "url"),
            "status", List.of("status", "code", "status_code"),
            "bytes", List.of("bytes", "body_bytes_sent", "bytes_sent", "size"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<String>> keys;

    /** @param overrides role to key, e.g. {@code time -> ts}; the other roles keep their defaults */
    public JsonLogParser(Map<String, String> overrides) {
        Map<String, List<String>> k = new LinkedHashMap<>();
        for (String role : ROLES) {
            String given = overrides.get(role);
            k.put(role, given != null ? List.of(given) : DEFAULT_KEYS.get(role));
        }
        this.keys = k;
    }

    /** Checks a --json-field role name; returns it in lower case. */
    public static String role(String name) {
        String r = name.trim().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(r)) {
            throw new IllegalArgumentException("'" + name + "' is not a JSON field role: use one of " + ROLES);
        }
        return r;
    }

    @Override
    public String formatName() {
        return "json";
    }

    @Override
    public Request parse(String line) throws MalformedLineException {
        if (line.isBlank()) {
            return null;
        }
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not a JSON line (" + CsvLogParser.clip(e.getOriginalMessage()) + ")");
        }
        if (o == null || !o.isObject()) {
            throw new MalformedLineException("not a JSON line (not an object)");
        }
        JsonNode t = field(o, "time");
        long time = t == null ? -1 : t.isNumber() ? LogTimes.fromNumber(t.asDouble()) : LogTimes.parse(t.asText());
        if (time < 0) {
            throw new MalformedLineException("not a JSON line (no time in " + keys.get("time") + ")");
        }
        JsonNode s = field(o, "status");
        int status = s == null ? -1 : s.isInt() ? s.asInt() : parseStatus(s.asText());
        if (status < 100 || status > 999) {
            throw new MalformedLineException("not a JSON line (no 3-digit status in " + keys.get("status") + ")");
        }
        String method = "-";
        String path = "";
        JsonNode r = field(o, "request");
        JsonNode p = field(o, "path");
        if (p != null) {
            path = p.asText();
            JsonNode m = field(o, "method");
            method = m == null ? "-" : m.asText();
        } else if (r != null) {
            String req = r.asText();
            int sp1 = req.indexOf(' ');
            if (sp1 > 0) {
                int sp2 = req.indexOf(' ', sp1 + 1);
                method = req.substring(0, sp1);
                path = req.substring(sp1 + 1, sp2 < 0 ? req.length() : sp2);
            }
        }
        JsonNode b = field(o, "bytes");
        long bytes = b == null ? 0 : b.isNumber() ? b.asLong() : parseBytes(b.asText());
        JsonNode h = field(o, "host");
        return new Request(h == null ? "-" : h.asText(), time, method, path, status, Math.max(0, bytes));
    }

    private JsonNode field(JsonNode o, String role) {
        for (String k : keys.get(role)) {
            JsonNode v = o.get(k);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static int parseStatus(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseBytes(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
