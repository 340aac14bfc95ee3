package io.sluice.api;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** One configured tunnel, registered as a service by the core for every tunnel configuration. */
public interface Tunnel {

    /** Service property holding the tunnel's name. */
    String NAME = "tunnel.name";

    String name();

    TunnelStatus status();

    /** The configuration as the operator wrote it, passwords masked. */
    Map<String, String> configuration();

    /** The certificate this tunnel presents to its TLS peers, or null when it has none. */
    X509Certificate certificate();

    /** TLS handshake failures since the tunnel was created, by reason. */
    Map<String, Long> handshakeFailuresByReason();

    /** TLS handshakes since the tunnel was created, by the protocol ALPN settled on; none without ALPN. */
    default Map<String, Long> applicationProtocols() {
        return Map.of();
    }

    /** Connections refused since the tunnel was created, by reason (ConnectionObserver's ACCESS, LIMITS, ...). */
    default Map<String, Long> refusedByReason() {
        return Map.of();
    }

    /** How long its TLS handshakes took, since the tunnel was created. */
    default HandshakeTimes handshakeTimes() {
        return HandshakeTimes.EMPTY;
    }

    /** The last few errors (failed handshakes and connects), oldest first, each with its time. */
    List<String> lastErrors();

    /** Its connections open now, including those still draining after a stop or reconfiguration. */
    List<ConnectionInfo> connections();

    /** Closes one of its connections at once; false when it has no such connection. */
    boolean kill(long connectionId);

    /**
     * Stops accepting. Open connections drain on their own unless {@code closeConnections}. The
     * stopped state survives a restart of the container until {@link #start()}.
     */
    void stop(boolean closeConnections);

    /** Starts accepting again after {@link #stop}. */
    void start();
}
