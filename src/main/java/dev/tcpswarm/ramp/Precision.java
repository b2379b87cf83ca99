package dev.tcpswarm.ramp;

import java.math.BigDecimal;

/**
 * How close the refining search must get: a number of connections ({@code 20}) or a percentage of
 * the level that first failed ({@code 1%}). The search stops once the last good and the first
 * failing count are this close.
 *
 * @param percent true when {@code amount} is a percentage of the failed level
 * @param amount connections (a whole number, at least 1), or a percentage above 0 and below 100
 */
public record Precision(boolean percent, double amount) {

    public Precision {
        if (percent ? !(amount > 0 && amount < 100) : amount < 1 || amount != Math.rint(amount)) {
            throw new IllegalArgumentException("bad precision: " + amount);
        }
    }

    /**
     * Parses {@code N} or {@code P%}.
     *
     * @throws IllegalArgumentException with a one-line message saying what is accepted
     */
    public static Precision parse(String text) {
        String t = text.trim();
        String usage = "precision '" + text + "' is not a number of connections (at least 1) or a percentage "
                + "of the failed level (above 0%, below 100%), e.g. 10 or 1%";
        boolean percent = t.endsWith("%");
        BigDecimal amount;
        try {
            amount = new BigDecimal(percent ? t.substring(0, t.length() - 1).trim() : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
        boolean valid = percent
                ? amount.signum() > 0 && amount.compareTo(BigDecimal.valueOf(100)) < 0
                : amount.compareTo(BigDecimal.ONE) >= 0 && amount.stripTrailingZeros().scale() <= 0
                        && amount.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        if (!valid) {
            throw new IllegalArgumentException(usage);
        }
        return new Precision(percent, amount.doubleValue());
    }

    /** The precision in connections for a search whose first failure was at {@code failedLevel}; at least 1. */
    public int connections(int failedLevel) {
        return percent ? (int) Math.max(1, Math.round(failedLevel * amount / 100)) : (int) amount;
    }

    @Override
    public String toString() {
        String number = BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
        return percent ? number + "%" : number;
    }
}
