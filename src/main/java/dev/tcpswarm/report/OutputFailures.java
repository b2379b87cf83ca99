package dev.tcpswarm.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The output files a command could not write. A file that fails costs that file only: it is named
 * in one line on stderr when it fails, the run and every other output go on, and the command ends
 * with exit code 74 ({@code ExitCode.OUTPUT_FAILED}). Thread-safe: the progress ticker reports the
 * interval files, the command's thread the files written at the end.
 */
public final class OutputFailures {
    /** Writing one file. */
    @FunctionalInterface
    public interface Writing {
        void write() throws IOException;
    }

    private final PrintStream err;
    private final List<Path> failed = new CopyOnWriteArrayList<>();

    public OutputFailures(PrintStream err) {
        this.err = err;
    }

    /** Writes {@code file}; when that fails, reports it and returns false. */
    public boolean write(Path file, Writing writing) {
        if (file == null) {
            return true;
        }
        try {
            writing.write();
            return true;
        } catch (IOException e) {
            failed(file, e);
            return false;
        }
    }

    /** {@code file} could not be written: one line on stderr. */
    public void failed(Path file, IOException cause) {
        failed.add(file);
        err.println("tcpswarm: cannot write '" + file + "': " + reason(cause) + " (the report and the other "
                + "outputs are still written; exit code 74 unless interrupted)");
        err.flush();
    }

    /** True when at least one file could not be written. */
    public boolean any() {
        return !failed.isEmpty();
    }

    /** What the system said, without the file names a file-system exception carries. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory (was its directory removed?)";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
