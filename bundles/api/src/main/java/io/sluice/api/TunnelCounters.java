package io.sluice.api;

/**
 * A snapshot of a tunnel's counters. "In" is what the accepting side received from its clients
 * (plaintext after TLS), "out" what was sent back to them. {@code newSessions} and
 * {@code resumedSessions} count completed TLS handshakes: full ones and resumptions.
 */
public record TunnelCounters(
        long activeConnections,
        long totalConnections,
        long bytesIn,
        long bytesOut,
        long handshakeFailures,
        long connectFailures,
        long refused,
        long newSessions,
        long resumedSessions) {

    public static final TunnelCounters ZERO = new TunnelCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
