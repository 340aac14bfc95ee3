package io.sluice.api.protocol;

import java.util.Map;

/** What a negotiator sees of one connection. */
public interface NegotiationContext {

    String tunnelName();

    /** Client mode: Sluice will start TLS as the client on {@link #tlsSide()}. */
    boolean client();

    /** The tunnel's {@code protocol*} options (protocolHost, protocolUsername, ...) as configured. */
    Map<String, String> options();

    /** The connection that carries TLS once the negotiation returns. */
    PlainChannel tlsSide();

    /**
     * The plaintext peer: in client mode the local client (already accepted); in server mode null,
     * because the target is connected only after the TLS handshake (as stunnel does).
     */
    PlainChannel plainSide();
}
