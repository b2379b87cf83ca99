package dev.tcpswarm.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exit code once the outputs are written: an output failure overrides a verdict, but never "interrupted". */
class VerdictTest {
    @Test
    void anOutputFailureOverridesEveryVerdictButInterrupted() {
        assertEquals(ExitCode.INCOMPLETE, Verdict.withOutputs(ExitCode.INCOMPLETE, true),
                "an interrupted run stays interrupted, even when a file could not be written");
        assertEquals(ExitCode.OUTPUT_FAILED, Verdict.withOutputs(ExitCode.OK, true));
        assertEquals(ExitCode.OUTPUT_FAILED, Verdict.withOutputs(ExitCode.CONNECTIONS_FAILED, true));
        assertEquals(ExitCode.OUTPUT_FAILED, Verdict.withOutputs(ExitCode.THRESHOLD_FAILED, true));
        assertEquals(ExitCode.THRESHOLD_FAILED, Verdict.withOutputs(ExitCode.THRESHOLD_FAILED, false));
        assertEquals(ExitCode.INCOMPLETE, Verdict.withOutputs(ExitCode.INCOMPLETE, false));
    }
}
