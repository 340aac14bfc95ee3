package io.sluice.tls.bc.psk;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Half-close for one of Bouncy Castle's protocol objects. Bouncy Castle answers a peer's
 * close_notify with its own at once and drops what is still to be written (RFC 5246 7.2.1). A
 * tunnel half-closes instead (as stunnel and the JSSE engines do): the peer's close_notify ends only
 * the incoming stream, and ours follows when our side is done; likewise our close_notify
 * ({@link #closeOutput}) leaves the incoming stream open.
 *
 * <p>The hooks are protected methods of TlsProtocol, and a client and a server are different
 * subclasses of it, so {@link PskPeers.ClientProtocol} and {@link PskPeers.ServerProtocol} each
 * lend theirs to one of these.
 */
final class HalfClose {

    /** TlsProtocol.raiseAlertWarning. */
    interface AlertSender {
        void raise(short description, String message) throws IOException;
    }

    /** TlsProtocol.handleAlertWarningMessage: Bouncy Castle's own handling. */
    interface WarningHandler {
        void handle(short description) throws IOException;
    }

    private final TlsProtocol protocol;
    private final AlertSender sender;
    private boolean peerClosed;

    HalfClose(TlsProtocol protocol, AlertSender sender) {
        this.protocol = protocol;
        this.sender = sender;
    }

    /** A warning alert from the peer: after the handshake, its close_notify ends only our input. */
    void received(short description, WarningHandler bouncyCastle) throws IOException {
        if (description == AlertDescription.close_notify && !protocol.isHandshaking()) {
            peerClosed = true;
            return;
        }
        bouncyCastle.handle(description);
    }

    /** Whether the peer sent close_notify. */
    boolean peerClosed() {
        return peerClosed;
    }

    /** Sends close_notify and leaves the input open (Bouncy Castle's close() ends both). */
    void closeOutput() throws IOException {
        sender.raise(AlertDescription.close_notify, "Connection closed");
    }
}
