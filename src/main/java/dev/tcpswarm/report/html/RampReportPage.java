package dev.tcpswarm.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpswarm.ramp.RampResult;
import dev.tcpswarm.report.RampJsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ramp --html}: a capacity search as a page. Its data is the search's JSON result itself
 * (the tree {@code ramp --json} writes: every level and fresh attempt, and the verdict) and the
 * command line; the page plots established against target and the p99 per level. Called by the
 * command's thread once the search is over.
 */
public final class RampReportPage {
    private RampReportPage() {
    }

    /**
     * Writes the page to {@code target}, atomically.
     *
     * @param exitCode the exit code the process ends with
     * @param commandLine the command line as typed, {@code tcpswarm} first
     */
    public static void write(RampResult result, String toolVersion, int exitCode, List<String> commandLine,
            Path target) throws IOException {
        HtmlPage.write(HtmlPage.Kind.RAMP, data(result, toolVersion, exitCode, commandLine), target);
    }

    /** The page's data, as the page reads it. */
    public static ObjectNode data(RampResult result, String toolVersion, int exitCode, List<String> commandLine) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("page", "ramp");
        data.put("target", result.plan().dialing().target().label());
        data.set("result", RampJsonWriter.toTree(result, toolVersion, exitCode));
        ArrayNode argv = data.putArray("command_line");
        commandLine.forEach(argv::add);
        return data;
    }
}
