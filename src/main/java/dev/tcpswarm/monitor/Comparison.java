package dev.tcpswarm.monitor;

/**
 * A limit's direction, and the one place its operator becomes text: a figure above a limit reads
 * {@code >} when that is bad and {@code <=} when it is not; below a limit, {@code <} and {@code >=}.
 * Used by the services' reasons and the alerts' messages alike. Pure.
 */
public enum Comparison {
    /** Bad when the figure is above the limit. */
    ABOVE,
    /** Bad when the figure is below the limit. */
    BELOW;

    /** The direction of an {@code above:} ({@code true}) or {@code below:} limit. */
    public static Comparison of(boolean above) {
        return above ? ABOVE : BELOW;
    }

    /** True when {@code value} passes the limit the bad way. */
    public boolean passes(double value, double limit) {
        return this == ABOVE ? value > limit : value < limit;
    }

    /** The operator between figure and limit, with spaces: {@code " > "} when it passes, else {@code " <= "}. */
    public String operator(boolean passes) {
        if (this == ABOVE) {
            return passes ? " > " : " <= ";
        }
        return passes ? " < " : " >= ";
    }
}
