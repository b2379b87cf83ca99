package dev.tcpswarm.ramp;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How {@code ramp} goes from one level to the next: {@code +K} adds K connections, {@code xF}
 * multiplies by F. Written once on the command line, applied at every level.
 *
 * @param additive true for {@code +K}, false for {@code xF}
 * @param amount K (a whole number, at least 1) or F (above 1)
 */
public record LevelStep(boolean additive, double amount) {

    public LevelStep {
        if (additive ? amount < 1 || amount != Math.rint(amount) : !(amount > 1)) {
            throw new IllegalArgumentException("bad step amount: " + amount);
        }
    }

    /**
     * Parses {@code +K} or {@code xF}.
     *
     * @throws IllegalArgumentException with a one-line message saying what is accepted
     */
    public static LevelStep parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String usage = "step '" + text + "' is not +K (add K connections per level, K >= 1) "
                + "or xF (multiply by F, F > 1), e.g. +500 or x2";
        if (t.length() < 2 || (t.charAt(0) != '+' && t.charAt(0) != 'x')) {
            throw new IllegalArgumentException(usage);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(t.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
        boolean additive = t.charAt(0) == '+';
        boolean valid = additive
                ? amount.signum() > 0 && amount.stripTrailingZeros().scale() <= 0
                        && amount.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                : amount.compareTo(BigDecimal.ONE) > 0 && amount.compareTo(BigDecimal.valueOf(1000)) <= 0;
        if (!valid) {
            throw new IllegalArgumentException(usage);
        }
        return new LevelStep(additive, amount.doubleValue());
    }

    /** The level after {@code level}: always at least one more, never past {@code max}. */
    public int next(int level, int max) {
        double next = additive ? (double) level + amount : Math.ceil(level * amount);
        return (int) Math.min(max, Math.max(level + 1.0, next));
    }

    @Override
    public String toString() {
        String number = BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
        return (additive ? "+" : "x") + number;
    }
}
