package io.sluice.api.transport;

/**
 * Bounds on a tunnel's connections, refused at accept beyond them (0: no bound of the tunnel's
 * own; the process-wide bound from its file descriptor limit always applies).
 *
 * @param maxConnections connections open at once
 * @param maxSetups      connections still in setup (access check, negotiation, TLS handshake) at once
 * @param maxPerSource   connections open at once from one client address
 */
public record Limits(int maxConnections, int maxSetups, int maxPerSource) {

    public static final Limits NONE = new Limits(0, 0, 0);

    public Limits {
        if (maxConnections < 0 || maxSetups < 0 || maxPerSource < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or more");
        }
    }
}
