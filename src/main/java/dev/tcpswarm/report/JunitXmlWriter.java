package dev.tcpswarm.report;

import dev.tcpswarm.stats.ErrorReason;
import dev.tcpswarm.stats.RunResult;
import dev.tcpswarm.stats.StatusCounts;
import dev.tcpswarm.verdict.ThresholdResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run's verdict as JUnit XML, the format CI servers (Jenkins, GitLab, GitHub actions) already
 * show as test results: one test case per threshold (classname {@code tcpswarm.threshold}) and one
 * saying every connection was established (classname {@code tcpswarm.run}), with the final
 * progress line as the suite's system-out.
 */
public final class JunitXmlWriter {
    public static final String SUITE_NAME = "tcpswarm";
    public static final String THRESHOLD_CLASS = "tcpswarm.threshold";
    public static final String RUN_CLASS = "tcpswarm.run";
    public static final String ALL_ESTABLISHED_CASE = "every connection established";

    private JunitXmlWriter() {
    }

    /** Writes the report to {@code target}, atomically. */
    public static void write(ResultDocument doc, Path target) throws IOException {
        AtomicFile.write(target, out -> writeTo(doc, out));
    }

    /** Writes the report to {@code out}, leaving it open. */
    public static void writeTo(ResultDocument doc, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            writeSuite(doc, xml);
            xml.close();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IOException("could not write the JUnit XML report", e);
        }
    }

    private static void writeSuite(ResultDocument doc, XMLStreamWriter xml) throws XMLStreamException {
        RunResult result = doc.result();
        long failures = doc.thresholds().stream().filter(t -> !t.passed()).count()
                + (result.allEstablished() ? 0 : 1);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", SUITE_NAME);
        xml.writeAttribute("tests", Integer.toString(doc.thresholds().size() + 1));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(result.wallNanos()));
        xml.writeAttribute("timestamp",
                LocalDateTime.ofInstant(result.start(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        xml.writeCharacters("\n");
        for (ThresholdResult t : doc.thresholds()) {
            writeThreshold(t, xml);
        }
        writeAllEstablished(result, xml);
        xml.writeCharacters("  ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(result.counts().progressLine());
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static void writeThreshold(ThresholdResult t, XMLStreamWriter xml) throws XMLStreamException {
        startCase(t.expression(), THRESHOLD_CLASS, "0", xml);
        if (!t.passed()) {
            failure(t.expression() + " failed: measured " + t.measuredText(),
                    "metric " + t.metric() + ": measured " + t.measuredText() + ", required " + t.expression(), xml);
        }
        endCase(xml);
    }

    private static void writeAllEstablished(RunResult result, XMLStreamWriter xml) throws XMLStreamException {
        startCase(ALL_ESTABLISHED_CASE, RUN_CLASS, seconds(result.wallNanos()), xml);
        if (!result.allEstablished()) {
            StatusCounts c = result.counts();
            StringBuilder details = new StringBuilder();
            details.append("established at some point: ").append(result.totals().everEstablished())
                    .append(" of ").append(c.total()).append('\n');
            for (Map.Entry<ErrorReason, Long> e : result.totals().errorsByReason().entrySet()) {
                if (e.getValue() > 0) {
                    details.append("errors, ").append(e.getKey().description()).append(": ").append(e.getValue())
                            .append('\n');
                }
            }
            if (result.interrupted()) {
                details.append("the run was interrupted\n");
            }
            if (result.deadlineReached()) {
                details.append("the run reached its --max-duration\n");
            }
            failure("not every connection was established (" + result.totals().everEstablished() + " of "
                    + c.total() + "): " + c.progressLine(), details.toString(), xml);
        }
        endCase(xml);
    }

    private static void startCase(String name, String className, String time, XMLStreamWriter xml)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", name);
        xml.writeAttribute("classname", className);
        xml.writeAttribute("time", time);
    }

    private static void endCase(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void failure(String message, String details, XMLStreamWriter xml) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("failure");
        xml.writeAttribute("message", message);
        xml.writeAttribute("type", "AssertionError");
        xml.writeCharacters(details);
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
