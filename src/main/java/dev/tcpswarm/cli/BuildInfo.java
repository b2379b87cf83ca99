package dev.tcpswarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build recorded about itself: the version (the jar's manifest) and the commit it was built
 * from ({@code dev/tcpswarm/git.properties}, written by the build inside a git checkout only). Read
 * once, by whichever thread asks first; immutable after that.
 */
final class BuildInfo {
    /** The resource the build writes the commit to; absent when built outside a git checkout. */
    static final String COMMIT_RESOURCE = "/dev/tcpswarm/git.properties";

    private BuildInfo() {
    }

    /** The version from the jar's manifest, or {@code dev} when running from classes (tests). */
    static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The abbreviated commit id the jar was built from, or null when the build did not record one. */
    static String commit() {
        return Commit.ID;
    }

    /** Holder: the resource is read on first use only. */
    private static final class Commit {
        static final String ID = read();

        private static String read() {
            try (InputStream in = BuildInfo.class.getResourceAsStream(COMMIT_RESOURCE)) {
                if (in == null) {
                    return null;
                }
                Properties p = new Properties();
                p.load(in);
                String id = p.getProperty("git.commit.id.abbrev", "").strip();
                return id.isEmpty() ? null : id;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + COMMIT_RESOURCE, e);
            }
        }
    }
}
