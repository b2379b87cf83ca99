package dev.tcpswarm.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.tcpswarm.cli.Kernel;
import org.junit.jupiter.api.Test;

/**
 * The warnings a user gets before a run that will not fit this machine, with explicit limits: one
 * plain warning per limit, saying what will not fit and how to fix it, and none when the plan fits.
 */
class PreflightTest {
    /** Linux's default ephemeral range, 28,232 ports. */
    private static final int[] DEFAULT_PORTS = {32768, 60999};

    @Test
    void aboveTheOpenFilesLimitAndThePortRangeGivesOneWarningEach() {
        List<String> warnings = Preflight.check(30_000, 0, true, 20_000, DEFAULT_PORTS, true);
        assertEquals(2, warnings.size(), warnings.toString());
        String files = warnings.stream().filter(w -> w.contains("open files")).findFirst().orElseThrow();
        assertTrue(files.contains("30000 connections") && files.contains("20000"), files);
        assertTrue(files.contains("ulimit -n"), "says how to fix it: " + files);
        assertTrue(files.contains("too many open files"), "says what happens past it: " + files);
        String ports = warnings.stream().filter(w -> w.contains("ephemeral ports")).findFirst().orElseThrow();
        assertTrue(ports.contains("will not fit") && ports.contains("28232") && ports.contains("32768-60999"), ports);
        assertTrue(ports.contains("local ports exhausted"), "says what happens past it: " + ports);
        assertTrue(ports.contains("--source") && ports.contains("ip_local_port_range"), "says how to fix it: " + ports);
        for (String w : warnings) {
            assertTrue(!w.contains("\n"), "one line: " + w);
        }
    }

    @Test
    void pastHalfThePortRangeFromOneSourceWarnsOfTheSlowdown() {
        List<String> warnings = Preflight.check(15_000, 0, true, 100_000, DEFAULT_PORTS, true);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("half the 28232 ephemeral ports"), warnings.get(0));
        assertTrue(warnings.get(0).contains("picks their local ports itself"), warnings.get(0));
        assertTrue(warnings.get(0).contains("--source"), warnings.get(0));
        List<String> spread = Preflight.check(30_000, 2, true, 100_000, DEFAULT_PORTS, false);
        assertEquals(1, spread.size(), spread.toString());
        assertTrue(spread.get(0).contains("half the 28232 ephemeral ports") && !spread.get(0).contains("picks"),
                "over source addresses the kernel still picks: " + spread.get(0));
    }

    @Test
    void spreadOverSourceAddressesTheSameRunFits() {
        assertEquals(List.of(), Preflight.check(15_000, 4, true, 100_000, DEFAULT_PORTS, false));
        assertEquals(List.of(), Preflight.check(50_000, 4, true, 100_000, DEFAULT_PORTS, false));
    }

    @Test
    void aSmallRunGetsNoWarning() {
        assertEquals(List.of(), Preflight.check(1_000, 0, true, 2_048, DEFAULT_PORTS, true));
    }

    @Test
    void theOpenFilesLimitCountsTheProcesssOwnFilesToo() {
        // 20,000 connections do not fit a limit of 20,000: the JVM and Netty need some as well.
        List<String> warnings = Preflight.check(20_000, 4, true, 20_000, DEFAULT_PORTS, false);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("open files"), warnings.get(0));
    }

    @Test
    void aNarrowRangeIsJudgedByItsOwnSize() {
        // The range PortWallIT sets up in its namespace: 1,000 ports.
        List<String> warnings = Preflight.check(1_500, 0, true, 20_000, new int[] {40000, 40999}, true);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("1500 connections per source address will not fit in the 1000 ephemeral "
                + "ports (40000-40999)"), warnings.get(0));
    }

    @Test
    void unknownLimitsGiveNoWarning() {
        assertEquals(List.of(), Preflight.check(1_000_000, 0, true, -1, null, true));
    }

    @Test
    void theKernelsPortRangeIsReadAsTheKernelSaysIt() throws Exception {
        Path file = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        Kernel.requireOrSkip(Files.isReadable(file), "no " + file + " here");
        // One line, 'LOW<tab>HIGH'; read the way a shell's cat reads it.
        String[] expected = Files.readAllLines(file).get(0).trim().split("\\s+");
        int[] range = Preflight.portRange();
        assertNotNull(range, "the port range was not read, so the port warnings can never fire");
        assertArrayEquals(new int[] {Integer.parseInt(expected[0]), Integer.parseInt(expected[1])}, range);
    }

    @Test
    void theOpenFilesLimitIsReadAsTheKernelSaysIt() throws Exception {
        Path file = Path.of("/proc/self/limits");
        Kernel.requireOrSkip(Files.isReadable(file), "no " + file + " here");
        String soft = Files.readAllLines(file).stream().filter(l -> l.startsWith("Max open files")).findFirst()
                .orElseThrow().substring("Max open files".length()).trim().split("\\s+")[0];
        long expected = soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        assertEquals(expected, Preflight.openFilesLimit());
    }
}
