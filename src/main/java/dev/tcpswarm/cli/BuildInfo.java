package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build recorded about itself: the version (the jar's manifest) and the commit it was built
 * from ({@code dev/tcpswarm/build.properties}, written by the build with git; no commit there when it
 * ran outside a git checkout or without git). Read once, by whichever thread asks first; immutable
 * after that.
 */
final class BuildInfo {
    /** The resource the build writes the commit to. */
    static final String RESOURCE = "/dev/tcpswarm/build.properties";

    private BuildInfo() {
    }

    /** The version from the jar's manifest, or {@code dev} when running from classes (tests). */
    static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The abbreviated commit id the jar was built from, marked when the checkout had uncommitted
     * changes then, or null when the build did not record one.
     */
    static String commit() {
        return Commit.TEXT;
    }

    /** Holder: the resource is read on first use only. */
    private static final class Commit {
        static final String TEXT = read();

        private static String read() {
            try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return null;
                }
                Properties p = new Properties();
                p.load(in);
                String id = p.getProperty("commit", "").strip();
                if (!id.matches("[0-9a-f]{7,40}")) { // git failed or was missing: its message, or nothing
                    return null;
                }
                return Boolean.parseBoolean(p.getProperty("modified")) ? id + " with uncommitted changes" : id;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
