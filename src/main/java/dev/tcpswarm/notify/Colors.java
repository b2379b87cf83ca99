package dev.tcpswarm.notify;

/** The colours of a notice in the chat providers' cards: red firing, orange reminder, green resolved, blue test. */
final class Colors {
    private Colors() {
    }

    static int rgb(AlertNotice n) {
        return switch (n.kind()) {
            case FIRING -> 0xD63232;
            case REMINDER -> 0xE8A317;
            case RESOLVED -> 0x2EB67D;
            case TEST -> 0x439FE0;
        };
    }

    static String hex(AlertNotice n) {
        return String.format("#%06x", rgb(n));
    }
}
