package dev.tcpswarm.cli;

import java.util.Collection;

/**
 * A hint for a command line that failed as an implied {@code run} because its first word was a
 * mistyped command: {@code tcpswarm rmap HOST PORT} reads as {@code run} with three positionals,
 * which alone would only say "missing target". The word is named, with the command it is closest
 * to, when it is within two edits of one (and looks like a word, not a host name or address).
 */
final class MistypedCommand {
    private MistypedCommand() {
    }

    /** The hint to append to a bad-input line, or "" when {@code word} looks like no command. */
    static String hint(String word, Collection<String> commands) {
        if (word == null || !word.matches("[a-z][a-z-]{2,}")) {
            return "";
        }
        String best = null;
        int bestDistance = 3;
        for (String c : commands) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; '" + word + "' is not a command: did you mean 'tcpswarm " + best + "'?";
    }

    /** Edit distance (insertions, deletions, substitutions, and swaps of neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
