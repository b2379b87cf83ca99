package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpswarm.verdict.ThresholdResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

class JunitXmlWriterTest {
    @TempDir
    Path dir;

    private Document writeAndParse(ResultDocument doc) throws IOException {
        Path target = dir.resolve("junit.xml");
        JunitXmlWriter.write(doc, target);
        assertEquals(List.of("junit.xml"), TempFiles.names(dir));
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(target.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new AssertionError("not well-formed XML", e);
        }
    }

    private static Element testcase(Document xml, String name) {
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    @Test
    void aFailingRunFailsItsThresholdAndTheAllEstablishedCase() throws IOException {
        SampleRun run = SampleRun.mixed();
        List<ThresholdResult> thresholds = List.of(
                new ThresholdResult("p(99)<50ms", "p(99)", 3_001_087, "3001.087ms", false),
                new ThresholdResult("errors<5 & ok", "errors", 3, "3", true));
        Document xml = writeAndParse(new ResultDocument("run", "0.1.0", run.plan, run.result, thresholds, 3));

        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("tcpswarm", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("1.234", suite.getAttribute("time"));

        Element p99 = testcase(xml, "p(99)<50ms");
        assertEquals("tcpswarm.threshold", p99.getAttribute("classname"));
        Element failure = (Element) p99.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("measured 3001.087ms"), failure.getAttribute("message"));

        Element passed = testcase(xml, "errors<5 & ok");
        assertEquals(0, passed.getElementsByTagName("failure").getLength());

        Element all = testcase(xml, "every connection established");
        assertEquals("tcpswarm.run", all.getAttribute("classname"));
        Element allFailure = (Element) all.getElementsByTagName("failure").item(0);
        String message = allFailure.getAttribute("message");
        assertTrue(message.contains("(6 of 10)"), message);
        assertTrue(message.contains(run.result.counts().progressLine()), message);
        assertTrue(allFailure.getTextContent().contains("connection refused: 2"), allFailure.getTextContent());

        assertEquals(run.result.counts().progressLine(),
                xml.getElementsByTagName("system-out").item(0).getTextContent());
    }

    @Test
    void aCleanRunPasses() throws IOException {
        SampleRun run = SampleRun.allEstablished(5);
        Document xml = writeAndParse(new ResultDocument("run", "0.1.0", run.plan, run.result, List.of(), 0));
        Element suite = xml.getDocumentElement();
        assertEquals("1", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
        assertEquals("Total: 5, Dialing: 0, Established: 5, Closed: 0, Error: 0, NotInitiated: 0",
                xml.getElementsByTagName("system-out").item(0).getTextContent());
    }

    @Test
    void replacesAnOlderReportWhole() throws IOException {
        Path target = dir.resolve("junit.xml");
        Files.writeString(target, "<old/>".repeat(10_000));
        SampleRun run = SampleRun.allEstablished(2);
        JunitXmlWriter.write(new ResultDocument("run", "0.1.0", run.plan, run.result, List.of(), 0), target);
        assertTrue(Files.readString(target).startsWith("<?xml"));
        assertEquals(List.of("junit.xml"), TempFiles.names(dir));
    }
}
