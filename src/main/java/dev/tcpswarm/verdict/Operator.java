package dev.tcpswarm.verdict;

/**
 * The comparison in a threshold, written as in k6: {@code <}, {@code <=}, {@code >}, {@code >=},
 * {@code ==}, {@code !=}.
 */
public enum Operator {
    LESS_THAN("<"),
    LESS_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_OR_EQUAL(">="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code measured OP limit} holds. */
    public boolean test(double measured, double limit) {
        return switch (this) {
            case LESS_THAN -> measured < limit;
            case LESS_OR_EQUAL -> measured <= limit;
            case GREATER_THAN -> measured > limit;
            case GREATER_OR_EQUAL -> measured >= limit;
            case EQUAL -> measured == limit;
            case NOT_EQUAL -> measured != limit;
        };
    }

    /** Whether some value between {@code lowest} and {@code highest} (inclusive) could make it hold. */
    boolean canHoldBetween(double lowest, double highest, double limit) {
        return switch (this) {
            case LESS_THAN -> lowest < limit;
            case LESS_OR_EQUAL -> lowest <= limit;
            case GREATER_THAN -> highest > limit;
            case GREATER_OR_EQUAL -> highest >= limit;
            case EQUAL -> lowest <= limit && limit <= highest;
            case NOT_EQUAL -> !(lowest == limit && highest == limit);
        };
    }
}
