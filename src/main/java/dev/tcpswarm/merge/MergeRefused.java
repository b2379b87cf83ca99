package dev.tcpswarm.merge;

/**
 * Shard results that cannot be merged: a file that cannot be read, a shard missing or given twice,
 * shards of different plans. Its message is the one line the user sees (exit 64).
 */
public final class MergeRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public MergeRefused(String message) {
        super(message);
    }
}
