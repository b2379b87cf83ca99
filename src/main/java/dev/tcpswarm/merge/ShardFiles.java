package dev.tcpswarm.merge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One shard's two files, paired by shard index: its JSON result (already parsed: it is small) and
 * its HDR interval log (its header read; its intervals are replayed when the shard is merged). A
 * value; made on the command's thread.
 */
record ShardFiles(Path json, ObjectNode doc, IntervalLog log) {

    int index() {
        return doc.at("/shard/index").asInt();
    }

    int count() {
        return doc.at("/shard/count").asInt();
    }

    /** {@code index/count}. */
    String label() {
        return index() + "/" + count();
    }

    /** The whole plan's settings, as this shard recorded them. */
    ObjectNode settings() {
        return (ObjectNode) doc.get("settings");
    }

    /** When this shard's run started (its planned-start clock's zero). */
    Instant start() throws MergeRefused {
        try {
            return Instant.parse(doc.path("start").asText());
        } catch (DateTimeParseException e) {
            throw new MergeRefused("cannot read '" + json + "' as a tcpswarm result: its start is not a time");
        }
    }

    /**
     * Refuses a result and a log of different runs: they must record the same settings and shard
     * (the counts are checked as the log is replayed).
     */
    void checkPaired() throws MergeRefused {
        if (!(doc.get("settings") instanceof ObjectNode) || !log.run().path("settings").equals(doc.get("settings"))
                || !log.run().path("shard").equals(doc.get("shard"))) {
            throw new MergeRefused("'" + log.file() + "' and '" + json + "' are not of the same run: their settings "
                    + "or shard differ");
        }
    }
}
