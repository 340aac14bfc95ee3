package io.sluice.api.transport;

/**
 * Chooses which service serves a TLS connection by the server name its client asks for
 * (stunnel's secondary sections, {@code sni = SERVICE:PATTERN}): their certificate, targets and
 * settings then apply to the connection instead of the listening tunnel's.
 */
public interface SniRouter {

    /** Whether any secondary service exists now; if not, connections skip reading the ClientHello first. */
    boolean active();

    /**
     * @param serverName the name in the ClientHello, never null
     * @return the secondary service's spec, or null to stay with the listening tunnel
     */
    TunnelSpec route(String serverName);
}
