package dev.tcpswarm.traffic;

/**
 * The Common Log Format ({@code %h %l %u [%t] "%r" %>s %b}, Apache's and nginx's default without
 * referer and agent) and the Combined Log Format (the same with {@code "%{Referer}i"
 * "%{User-agent}i"}, nginx's default {@code combined}). GoAccess's {@code %h %^[%d:%t %^] "%r" %s %b
 * "%R" "%u"}. Read by one pass over the characters, not a regular expression: this is the hot path
 * of a million-line log. A request line that cannot be split (nginx logs {@code "-"} for a closed
 * connection) is still a request, of section {@code -}. Stateless; any thread.
 */
public final class CommonLogParser implements LineParser {
    private final boolean combined;
    private final String notThis;

    /** @param combined whether the referer and agent fields must follow */
    public CommonLogParser(boolean combined) {
        this.combined = combined;
        this.notThis = combined ? "not a combined-log line (" : "not a common-log line (";
    }

    @Override
    public String formatName() {
        return combined ? "combined" : "common";
    }

    @Override
    public Request parse(String line) throws MalformedLineException {
        int n = line.length();
        if (n == 0 || line.isBlank()) {
            return null;
        }
        int hostEnd = line.indexOf(' ');
        if (hostEnd <= 0) {
            throw bad("no space after the remote host");
        }
        int open = line.indexOf(" [", hostEnd);
        if (open < 0) {
            throw bad("no [date]");
        }
        int close = line.indexOf(']', open + 2);
        if (close < 0) {
            throw bad("no ] after the date");
        }
        long time = LogTimes.parseClf(line, open + 2, close);
        if (time < 0) {
            throw bad("the date is not dd/Mon/yyyy:HH:mm:ss +zone");
        }
        if (close + 2 >= n || line.charAt(close + 1) != ' ' || line.charAt(close + 2) != '"') {
            throw bad("no \"request\" after the date");
        }
        int requestStart = close + 3;
        int requestEnd = closingQuote(line, requestStart);
        if (requestEnd < 0) {
            throw bad("the request's quote is not closed");
        }
        int at = requestEnd + 1;
        if (at >= n || line.charAt(at) != ' ') {
            throw bad("no status after the request");
        }
        at++;
        int status = 0;
        int statusStart = at;
        while (at < n && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
            status = status * 10 + (line.charAt(at++) - '0');
        }
        if (at - statusStart != 3 || at >= n || line.charAt(at) != ' ') {
            throw bad("the status is not 3 digits");
        }
        at++;
        long bytes = 0;
        if (at < n && line.charAt(at) == '-') {
            at++;
        } else {
            int bytesStart = at;
            while (at < n && line.charAt(at) >= '0' && line.charAt(at) <= '9' && at - bytesStart < 18) {
                bytes = bytes * 10 + (line.charAt(at++) - '0');
            }
            if (at == bytesStart) {
                throw bad("the size is neither a number nor -");
            }
        }
        if (combined) {
            if (at + 1 >= n || line.charAt(at) != ' ' || line.charAt(at + 1) != '"') {
                throw bad("no \"referer\" after the size");
            }
            int refererEnd = closingQuote(line, at + 2);
            if (refererEnd < 0 || refererEnd + 2 >= n || line.charAt(refererEnd + 1) != ' '
                    || line.charAt(refererEnd + 2) != '"') {
                throw bad("no \"user agent\" after the referer");
            }
            if (closingQuote(line, refererEnd + 3) < 0) {
                throw bad("the user agent's quote is not closed");
            }
        } else if (at < n && line.charAt(at) != ' ') {
            throw bad("the size is neither a number nor -");
        }
        String method = "-";
        String path = "";
        int sp1 = line.indexOf(' ', requestStart);
        if (sp1 > requestStart && sp1 < requestEnd) {
            int sp2 = line.indexOf(' ', sp1 + 1);
            int pathEnd = sp2 < 0 || sp2 > requestEnd ? requestEnd : sp2;
            method = line.substring(requestStart, sp1);
            path = line.substring(sp1 + 1, pathEnd);
        }
        return new Request(line.substring(0, hostEnd), time, method, path, status, bytes);
    }

    /** The index of the quote that closes a field opened just before {@code from} ({@code \"} is escaped). */
    private static int closingQuote(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private MalformedLineException bad(String why) {
        return new MalformedLineException(notThis + why + ")");
    }
}
