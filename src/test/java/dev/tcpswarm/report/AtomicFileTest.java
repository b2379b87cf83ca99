package dev.tcpswarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFile.write(target, out -> out.write("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello\n", Files.readString(target));
        assertEquals(List.of("out.txt"), TempFiles.names(dir));
    }

    @Test
    void writeReplacesAnExistingFileWhole() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "a much longer old content that must not survive in any part\n");
        AtomicFile.write(target, out -> out.write("new\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of("out.txt"), TempFiles.names(dir));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old\n");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half of it".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", thrown.getMessage());
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("out.txt"), TempFiles.names(dir));
    }

    @Test
    void theTargetAppearsOnlyOnCommitWhileFlushedContentIsInTheTemporaryFile() throws IOException {
        Path target = dir.resolve("stream.txt");
        try (AtomicFile file = AtomicFile.open(target)) {
            file.out().write("line 1\n".getBytes(StandardCharsets.UTF_8));
            file.out().close(); // a library closing its stream must not end the file
            file.out().write("line 2\n".getBytes(StandardCharsets.UTF_8));
            file.flush();
            assertFalse(Files.exists(target));
            assertEquals("line 1\nline 2\n", Files.readString(TempFiles.tempFor(target)));
            file.commit();
        }
        assertTrue(Files.exists(target));
        assertEquals("line 1\nline 2\n", Files.readString(target));
        assertEquals(List.of("stream.txt"), TempFiles.names(dir));
    }

    @Test
    void closeWithoutCommitDiscardsTheNewVersion() throws IOException {
        Path target = dir.resolve("stream.txt");
        try (AtomicFile file = AtomicFile.open(target)) {
            file.out().write("never\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), TempFiles.names(dir));
    }
}
