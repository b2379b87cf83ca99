package dev.tcpswarm.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * tcpgoon's confirmation: {@code Do you want to continue? (y/N)}. On a terminal it asks with jline;
 * otherwise it reads one line from standard input, so {@code echo y | tcpswarm ...} works. Only y or
 * yes proceeds; anything else, an empty line, end of input, Ctrl-C or SIGTERM means no.
 */
public final class Prompt {
    static final String QUESTION = "Do you want to continue? (y/N) ";

    private Prompt() {
    }

    /**
     * Asks, and says whether the answer was yes. Ctrl-C or SIGTERM while it waits is a no too: the
     * process ends with exit 1 (incomplete), having opened nothing, as a declined prompt does.
     */
    public static boolean confirm(InputStream in, PrintStream out) {
        ProcessSignals.atThePrompt(out);
        try {
            return isYes(ask(in, out));
        } finally {
            ProcessSignals.notAtThePrompt();
        }
    }

    private static String ask(InputStream in, PrintStream out) {
        if (in == System.in && Terminals.stdinIsTerminal()) {
            return askTerminal();
        }
        out.print(QUESTION);
        out.flush();
        String answer = readLine(in);
        out.println();
        return answer;
    }

    static boolean isYes(String answer) {
        if (answer == null) {
            return false;
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    private static String readLine(InputStream in) {
        try {
            // Not buffered beyond the line: nothing else reads standard input.
            return new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()), 1).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static String askTerminal() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            return reader.readLine(QUESTION);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        } catch (IOException e) {
            return readLine(System.in);
        }
    }
}
