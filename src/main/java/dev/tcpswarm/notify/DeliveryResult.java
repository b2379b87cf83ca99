package dev.tcpswarm.notify;

/**
 * What one try at delivering a notice came to.
 *
 * @param error why it failed ({@code HTTP 500}, {@code connection refused to 127.0.0.1:9000}); empty when delivered
 * @param retryAfterMillis how long the receiver asked to be left alone (a 429's {@code Retry-After}); 0 when it did not say
 * @param permanent true when trying again cannot help (a 400 for a malformed request, a 401 or 403 for a bad key)
 */
public record DeliveryResult(String error, long retryAfterMillis, boolean permanent) {
    private static final DeliveryResult DELIVERED = new DeliveryResult("", 0, false);

    public static DeliveryResult delivered() {
        return DELIVERED;
    }

    public static DeliveryResult failed(String error) {
        return new DeliveryResult(error, 0, false);
    }

    public boolean ok() {
        return error.isEmpty();
    }
}
