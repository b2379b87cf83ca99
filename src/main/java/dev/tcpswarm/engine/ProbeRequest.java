package dev.tcpswarm.engine;

/**
 * What one probe does: connect to {@code host:port} (a name is looked up afresh for every probe),
 * within {@code timeoutMillis} per attempt, up to {@code attempts} times until one is open.
 */
public record ProbeRequest(String host, int port, ProbeFamily family, long timeoutMillis, int attempts) {
    public ProbeRequest {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeoutMillis < 1 || attempts < 1) {
            throw new IllegalArgumentException("timeout and attempts must be positive");
        }
    }
}
