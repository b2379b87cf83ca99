package dev.tcpswarm.notify;

/**
 * How one try of a delivery ended.
 *
 * @param error what failed, in the user's words ({@code connection refused to 127.0.0.1:9000},
 *     {@code HTTP 500}, {@code timeout after 5s}); empty when delivered
 */
public record Attempt(boolean delivered, String error) {
    private static final Attempt DELIVERED = new Attempt(true, "");

    public static Attempt ok() {
        return DELIVERED;
    }

    public static Attempt failed(String error) {
        return new Attempt(false, error);
    }
}
