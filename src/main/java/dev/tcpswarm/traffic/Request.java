package dev.tcpswarm.traffic;

/**
 * One access-log line, parsed: who asked, when (Unix seconds, the line's own timestamp), what
 * (method and path), and the answer (status, bytes). The value every line format produces and
 * every summary counts. Immutable; any thread.
 *
 * @param bytes the response's size; 0 where the log says {@code -}
 */
public record Request(String remoteHost, long epochSecond, String method, String path, int status, long bytes) {
    /** The section of a path for requests whose request line could not be split (e.g. nginx's {@code "-"}). */
    public static final String NO_SECTION = "-";

    /**
     * The path up to its second slash, as HttpMonitor counts it: {@code /api} for {@code /api/user},
     * {@code /report} for {@code /report}; the query is left out, an absolute URL's scheme and host too.
     */
    public String section() {
        return section(path);
    }

    static String section(String path) {
        if (path == null || path.isEmpty()) {
            return NO_SECTION;
        }
        int start = 0;
        if (path.charAt(0) != '/') {
            int scheme = path.indexOf("://");
            if (scheme < 0) {
                return NO_SECTION;
            }
            start = path.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int end = path.length();
        for (int i = start + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return start == 0 && end == path.length() ? path : path.substring(start, end);
    }

    /** 2 for 2xx and so on; 0 for a status outside 100-599. */
    public int statusClass() {
        return status >= 100 && status <= 599 ? status / 100 : 0;
    }
}
