package io.sluice.tls.bc.psk;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * An {@link SSLEngine} over Bouncy Castle's low-level TLS protocol in non-blocking mode, so that
 * the transport's TLS filter drives a PSK connection as it drives any JSSE engine.
 *
 * <p>As a JSSE engine does: {@link #unwrap} takes one whole record at a time (BUFFER_UNDERFLOW for
 * a partial one, BUFFER_OVERFLOW when its plaintext might not fit), {@link #wrap} turns as much
 * plaintext into records as the destination holds, handshake messages are produced by wrap when
 * the status says NEED_WRAP, FINISHED is reported once, a peer's close_notify makes unwrap say
 * CLOSED (the outgoing stream stays open: half-close), {@link #closeOutbound} queues our
 * close_notify. There are no delegated tasks: a PSK handshake has no costly step to hand off.
 * All methods take the engine's lock: Bouncy Castle's protocol object is not thread-safe, and the
 * transport wraps on the writer's thread while it unwraps on the reader's.
 */
final class PskEngine extends SSLEngine {

    /** A TLS record header: type, version (2 bytes), length (2 bytes). */
    private static final int HEADER = 5;
    /** The most plaintext one record holds. */
    private static final int MAX_FRAGMENT = 16384;
    /** The most one record adds to its plaintext with our suites (CBC-SHA384: header, IV, MAC, padding). */
    private static final int OVERHEAD = 512;

    private final boolean client;
    private final TlsProtocol protocol;
    private final HalfClose halfClose;
    private final PskPeers.Peer peer;
    private final PskSession session;
    private byte[] scratch = new byte[0];
    private boolean started;
    private boolean handshakeComplete;
    private boolean finishedReported;
    private boolean failed;
    private boolean inboundDone;
    private boolean outboundClosed;
    private String[] enabledSuites;
    private String[] enabledProtocols;

    PskEngine(boolean client, PskPeers.Peer peer, String peerHost, int peerPort, String[] suites, String[] protocols) {
        super(peerHost, peerPort);
        this.client = client;
        this.peer = peer;
        this.protocol = client ? new PskPeers.ClientProtocol() : new PskPeers.ServerProtocol();
        this.halfClose = ((PskPeers.HalfClosing) protocol).halfClose();
        this.session = new PskSession(peerHost, peerPort);
        this.enabledSuites = suites.clone();
        this.enabledProtocols = protocols.clone();
        peer.onHandshakeComplete(this::established);
    }

    /** Called by the peer inside offerInput, under the engine's lock. */
    private void established() {
        handshakeComplete = true;
        SecurityParameters parameters = peer.parameters();
        ProtocolVersion version = parameters.getNegotiatedVersion();
        session.established(version == null ? "NONE" : jsseName(version), PskSuites.name(parameters.getCipherSuite()));
    }

    private static String jsseName(ProtocolVersion version) {
        return version.getName().replace("TLS ", "TLSv");
    }

    /** Whether the completed handshake resumed a cached TLS 1.2 session. */
    synchronized boolean resumed() {
        return handshakeComplete && peer.parameters().isResumedSession();
    }

    /** The identity the handshake authenticated, once it completed; null before. */
    synchronized String pskIdentity() {
        return handshakeComplete ? peer.identity() : null;
    }

    // ---- handshake -------------------------------------------------------------------------

    @Override
    public synchronized void beginHandshake() throws SSLException {
        if (started) {
            if (handshakeComplete) {
                throw new SSLException("renegotiation is not supported on PSK connections");
            }
            return;
        }
        started = true;
        try {
            if (client) {
                ((TlsClientProtocol) protocol).connect((PskPeers.Client) peer);
            } else {
                ((TlsServerProtocol) protocol).accept((PskPeers.Server) peer);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public synchronized HandshakeStatus getHandshakeStatus() {
        if (!started) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (protocol.getAvailableOutputBytes() > 0) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!handshakeComplete && !failed && !protocol.isClosed()) {
            return HandshakeStatus.NEED_UNWRAP;
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    /** The status a wrap or unwrap reports: FINISHED once, when the handshake's last message is out. */
    private HandshakeStatus statusAfterOperation() {
        HandshakeStatus status = getHandshakeStatus();
        if (handshakeComplete && !finishedReported && status == HandshakeStatus.NOT_HANDSHAKING) {
            finishedReported = true;
            return HandshakeStatus.FINISHED;
        }
        return status;
    }

    @Override
    public Runnable getDelegatedTask() {
        return null;
    }

    // ---- wrap --------------------------------------------------------------------------------

    @Override
    public synchronized SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (!started) {
            beginHandshake();
        }
        int produced = drain(dst);
        if (protocol.getAvailableOutputBytes() > 0) {
            // Handshake messages or an alert that do not fit: the rest on the next wrap.
            return new SSLEngineResult(produced == 0 ? Status.BUFFER_OVERFLOW : Status.OK, getHandshakeStatus(), 0, produced);
        }
        if (outboundClosed || failed || protocol.isClosed()) {
            return new SSLEngineResult(Status.CLOSED, statusAfterOperation(), 0, produced);
        }
        int consumed = 0;
        if (handshakeComplete) {
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer src = srcs[i];
                while (src.hasRemaining()) {
                    // One record's worth: less than 2^14 when the peer limited the record size.
                    int chunk = Math.min(src.remaining(), Math.min(MAX_FRAGMENT, protocol.getApplicationDataLimit()));
                    if (dst.remaining() < chunk + OVERHEAD) {
                        if (produced == 0) {
                            return new SSLEngineResult(Status.BUFFER_OVERFLOW, statusAfterOperation(), 0, 0);
                        }
                        return new SSLEngineResult(Status.OK, statusAfterOperation(), consumed, produced);
                    }
                    try {
                        if (src.hasArray()) {
                            protocol.writeApplicationData(src.array(), src.arrayOffset() + src.position(), chunk);
                            src.position(src.position() + chunk);
                        } else {
                            byte[] bytes = scratch(chunk);
                            src.get(bytes, 0, chunk);
                            protocol.writeApplicationData(bytes, 0, chunk);
                        }
                    } catch (IOException e) {
                        throw failure(e);
                    }
                    consumed += chunk;
                    produced += drain(dst);
                }
            }
        }
        return new SSLEngineResult(Status.OK, statusAfterOperation(), consumed, produced);
    }

    /** As much pending output as dst holds. */
    private int drain(ByteBuffer dst) {
        int available = protocol.getAvailableOutputBytes();
        int n = Math.min(available, dst.remaining());
        if (n > 0) {
            protocol.readOutput(dst, n);
        }
        return n;
    }

    // ---- unwrap ------------------------------------------------------------------------------

    @Override
    public synchronized SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        if (!started) {
            beginHandshake();
        }
        if (inboundDone) {
            return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
        }
        int produced = deliver(dsts, offset, length);
        if (protocol.getAvailableInputBytes() > 0) {
            return new SSLEngineResult(produced == 0 ? Status.BUFFER_OVERFLOW : Status.OK, getHandshakeStatus(), 0, produced);
        }
        if (src.remaining() < HEADER) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, getHandshakeStatus(), 0, produced);
        }
        int start = src.position();
        int type = src.get(start) & 0xff;
        int major = src.get(start + 1) & 0xff;
        // Not a TLS record (plaintext, garbage): let Bouncy Castle refuse the header now rather than wait for its "length".
        int recordLength = type < 20 || type > 24 || major != 3 ? HEADER
                : HEADER + ((src.get(start + 3) & 0xff) << 8 | (src.get(start + 4) & 0xff));
        if (src.remaining() < recordLength) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, getHandshakeStatus(), 0, produced);
        }
        if (room(dsts, offset, length) < recordLength - HEADER) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, produced);
        }
        try {
            if (src.hasArray()) {
                protocol.offerInput(src.array(), src.arrayOffset() + start, recordLength);
            } else {
                byte[] bytes = scratch(recordLength);
                src.duplicate().get(bytes, 0, recordLength);
                protocol.offerInput(bytes, 0, recordLength);
            }
        } catch (IOException e) {
            src.position(start + recordLength);
            throw failure(e);
        }
        src.position(start + recordLength);
        produced += deliver(dsts, offset, length);
        if (halfClose.peerClosed() || protocol.isClosed()) {
            inboundDone = true;
            return new SSLEngineResult(Status.CLOSED, statusAfterOperation(), recordLength, produced);
        }
        return new SSLEngineResult(Status.OK, statusAfterOperation(), recordLength, produced);
    }

    private int deliver(ByteBuffer[] dsts, int offset, int length) {
        int produced = 0;
        for (int i = offset; i < offset + length && protocol.getAvailableInputBytes() > 0; i++) {
            int n = Math.min(protocol.getAvailableInputBytes(), dsts[i].remaining());
            if (n > 0) {
                protocol.readInput(dsts[i], n);
                produced += n;
            }
        }
        return produced;
    }

    private static int room(ByteBuffer[] dsts, int offset, int length) {
        int room = 0;
        for (int i = offset; i < offset + length; i++) {
            room += dsts[i].remaining();
        }
        return room;
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, MAX_FRAGMENT + OVERHEAD)];
        }
        return scratch;
    }

    /** An operator's reason: our own words (unknown identity), the alert received, or the alert we raised. */
    private SSLException failure(IOException e) {
        failed = true;
        String why = peer.failure();
        if (why == null && e instanceof TlsFatalAlertReceived received) {
            why = "Received fatal alert: " + AlertDescription.getName(received.getAlertDescription())
                    + hint(received.getAlertDescription());
        }
        if (why == null && peer.alertRaised() != null) {
            why = peer.alertRaised();
            if (why.startsWith(AlertDescription.getName(AlertDescription.decrypt_error))) {
                why += hint(AlertDescription.decrypt_error);
            } else if (why.startsWith(AlertDescription.getName(AlertDescription.bad_record_mac))) {
                why += hint(AlertDescription.bad_record_mac);
            }
        }
        if (why == null) {
            why = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        SSLException exception = handshakeComplete ? new SSLException(why) : new SSLHandshakeException(why);
        exception.initCause(e);
        return exception;
    }

    /** A failed Finished or binder check during the handshake is what a wrong key looks like. */
    private String hint(short alert) {
        return !handshakeComplete && (alert == AlertDescription.decrypt_error || alert == AlertDescription.bad_record_mac)
                ? " (do both sides hold the same pre-shared key?)" : "";
    }

    // ---- close -------------------------------------------------------------------------------

    @Override
    public synchronized void closeOutbound() {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        if (started && !protocol.isClosed()) {
            try {
                if (handshakeComplete) {
                    halfClose.closeOutput(); // close_notify; the peer may still send
                } else {
                    protocol.close(); // user_canceled and close_notify, and the end of it
                }
            } catch (IOException e) {
                failed = true;
            }
        }
    }

    @Override
    public synchronized boolean isOutboundDone() {
        return (outboundClosed || failed || protocol.isClosed()) && protocol.getAvailableOutputBytes() == 0;
    }

    @Override
    public synchronized void closeInbound() {
        inboundDone = true;
    }

    @Override
    public synchronized boolean isInboundDone() {
        return inboundDone || failed;
    }

    // ---- session and parameters ----------------------------------------------------------------

    @Override
    public SSLSession getSession() {
        return session;
    }

    @Override
    public String getApplicationProtocol() {
        return ""; // no ALPN on PSK tunnels
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return null;
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return enabledSuites.clone();
    }

    @Override
    public synchronized String[] getEnabledCipherSuites() {
        return enabledSuites.clone();
    }

    /** The suites are fixed by the tunnel's settings when the context is made. */
    @Override
    public synchronized void setEnabledCipherSuites(String[] suites) {
        enabledSuites = suites.clone();
    }

    @Override
    public String[] getSupportedProtocols() {
        return new String[] {"TLSv1.2", "TLSv1.3"};
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return enabledProtocols.clone();
    }

    @Override
    public synchronized void setEnabledProtocols(String[] protocols) {
        enabledProtocols = protocols.clone();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        if (mode != client) {
            throw new IllegalArgumentException("a PSK engine's mode is fixed when it is made");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return client;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        // the key authenticates the client
    }

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {
        // the key authenticates the client
    }

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        // the tunnel's sessionResume decides, for all its connections
    }

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }
}
