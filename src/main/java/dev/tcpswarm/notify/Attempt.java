package dev.tcpswarm.notify;

/**
 * How one try of a delivery ended.
 *
 * @param error what failed, in the user's words ({@code connection refused to 127.0.0.1:9000},
 *     {@code HTTP 500}, {@code timeout after 5s}); empty when delivered
 * @param retryAfterMillis how long the receiver asked to be left alone before the next try (a 429's
 *     or 503's {@code Retry-After}); 0 when it did not say
 * @param permanent true when trying again cannot help (a 4xx other than 408 and 429: a bad payload,
 *     key or address): the delivery is not retried
 */
public record Attempt(boolean delivered, String error, long retryAfterMillis, boolean permanent) {
    private static final Attempt DELIVERED = new Attempt(true, "", 0, false);

    /** A try that delivered, or failed without saying when to try again. */
    public Attempt(boolean delivered, String error) {
        this(delivered, error, 0, false);
    }

    public static Attempt ok() {
        return DELIVERED;
    }

    public static Attempt failed(String error) {
        return new Attempt(false, error);
    }

    /** A provider's answer as a try. */
    public static Attempt of(DeliveryResult r) {
        return r.ok() ? DELIVERED : new Attempt(false, r.error(), r.retryAfterMillis(), r.permanent());
    }
}
