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
     * The connection that carries TLS once the negotiation returns; null in
     * {@link ProtocolNegotiator#targetConnected}, where TLS is already up.
     */
    PlainChannel tlsSide();

    /**
     * The plaintext peer: in client mode the local client (already accepted). In server mode null
     * during {@link ProtocolNegotiator#negotiate}, because the target is connected only after the
     * TLS handshake (unlike stunnel, which connects first), and the target during
     * {@link ProtocolNegotiator#targetConnected}.
     */
    PlainChannel plainSide();

    /**
     * Attributes of this connection, kept from {@link ProtocolNegotiator#negotiate} to
     * {@link ProtocolNegotiator#targetConnected}: the negotiator itself is shared by all
     * connections and keeps no state (SMTP records here that the client chose implicit TLS).
     */
    Map<String, Object> attributes();
}
