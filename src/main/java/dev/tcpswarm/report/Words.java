package dev.tcpswarm.report;

/** Counted nouns for lines people read ("1 service", "2 services"), so no message says "1 services". */
public final class Words {
    private Words() {
    }

    /** {@code n} and the noun, plural (with an "s") unless {@code n} is 1. */
    public static String count(long n, String singular) {
        return n + " " + singular + (n == 1 ? "" : "s");
    }
}
