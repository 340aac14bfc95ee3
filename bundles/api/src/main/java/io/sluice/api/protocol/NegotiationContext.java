package io.sluice.api.protocol;

import java.util.Map;

/** What a negotiator sees of one connection. */
public interface NegotiationContext {

    String tunnelName();

    /** Client mode: Sluice will start TLS as the client on {@link #tlsSide()}. */
    boolean client();

    /** The tunnel's {@code protocol*} options (protocolHost, protocolUsername, ...) as configured. */
    Map<String, String> options();

    /**
     * The connection that carries TLS once the negotiation returns. In
     * {@link ProtocolNegotiator#afterHandshake} and {@link ProtocolNegotiator#targetConnected}
     * (server mode, TLS already up) the client, read and written inside TLS.
     */
    PlainChannel tlsSide();

    /**
     * The plaintext peer: in client mode the local client (already accepted). In server mode null
     * during {@link ProtocolNegotiator#negotiate}, because the target is connected only after the
     * TLS handshake (unlike stunnel, which connects first), null during
     * {@link ProtocolNegotiator#afterHandshake}, and the target during
     * {@link ProtocolNegotiator#targetConnected}.
     */
    PlainChannel plainSide();

    /**
     * Attributes of this connection, kept from {@link ProtocolNegotiator#negotiate} to
     * {@link ProtocolNegotiator#targetConnected}: the negotiator itself is shared by all
     * connections and keeps no state (SMTP records here that the client chose implicit TLS).
     */
    Map<String, Object> attributes();

    /**
     * Client mode, during {@link ProtocolNegotiator#negotiate}: names the server that TLS on
     * {@link #tlsSide()} is meant for when it is not the host connected to, as with an HTTP proxy
     * (CONNECT) that relays to the real server. The TLS handshake then sends {@code host} as SNI
     * (unless the tunnel sets {@code sni}) and verifies the server's certificate against it
     * (unless the tunnel sets {@code checkHost}/{@code checkIP}); {@code port} keys the TLS session
     * cache, so that sessions of different servers behind one proxy are never mixed up. Without
     * this call the host of the {@code connect} target is used. Verification itself stays as
     * configured: this only changes the name it checks.
     *
     * @param host a DNS name or an IP literal (IPv6 without brackets)
     * @throws IllegalStateException in server mode or after the negotiation, where no TLS client
     *                               handshake is pending
     * @throws UnsupportedOperationException from a transport older than this method
     */
    default void tlsPeer(String host, int port) {
        throw new UnsupportedOperationException("this transport cannot name the TLS peer (tlsPeer)");
    }

    /**
     * Server mode, during {@link ProtocolNegotiator#afterHandshake}: connect this connection to
     * {@code host:port} instead of the tunnel's {@code connect} list (a target the client asked
     * for, as in HTTP CONNECT). The negotiator must have checked it against what the tunnel's
     * configuration allows: the transport connects wherever it is told. The name is resolved by
     * the transport after the step returns, and every address is tried in turn.
     *
     * @param host a DNS name or an IP literal (IPv6 without brackets)
     * @throws IllegalStateException outside {@link ProtocolNegotiator#afterHandshake}
     * @throws UnsupportedOperationException from a transport older than this method
     */
    default void connectTo(String host, int port) {
        throw new UnsupportedOperationException("this transport cannot connect to a target chosen by the negotiator");
    }

    /**
     * Server mode, after the TLS handshake ({@link ProtocolNegotiator#afterHandshake} and
     * {@link ProtocolNegotiator#targetConnected}): the client's address and what TLS settled.
     *
     * @throws UnsupportedOperationException from a transport older than this method
     * @since 0.4
     */
    default ConnectionFacts facts() {
        throw new UnsupportedOperationException("this transport cannot tell the connection's facts");
    }
}
