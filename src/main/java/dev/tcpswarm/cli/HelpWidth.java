package dev.tcpswarm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The width every command's {@code --help} wraps at: 120 columns, as every other output of
 * tcpswarm, or the terminal's width when that is smaller (picocli's own detection, or
 * {@code COLUMNS} when it is set). Measured once the help is printed, not at every start: picocli
 * asks the terminal through a subprocess. Used on the command's thread.
 */
final class HelpWidth {
    static final int MAX = 120;
    /** picocli's own least usage width (its constant is private). */
    static final int MIN = 55;

    private HelpWidth() {
    }

    /** Makes {@code cli} and every command below it print their help at {@link #of}'s width. */
    static void apply(CommandLine cli) {
        cli.setHelpFactory((spec, colours) -> {
            UsageMessageSpec usage = spec.usageMessage();
            usage.autoWidth(true).width(MAX); // the terminal's width, or MAX without one
            int width = of(usage.width(), System.getenv("COLUMNS"));
            usage.autoWidth(false).width(width);
            return new Help(spec, colours);
        });
    }

    /** The help's width for a terminal {@code detected} columns wide (MAX: none) and the {@code COLUMNS} variable. */
    static int of(int detected, String columns) {
        int width = Math.min(MAX, detected);
        if (columns != null && columns.trim().matches("\\d{1,4}")) {
            width = Math.min(width, Integer.parseInt(columns.trim()));
        }
        return Math.max(width, MIN);
    }
}
