package io.sluice.tls.openssl;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * Netty's OpenSSL engine with TLS half-close, as SunJSSE and stunnel have it: the peer's
 * close_notify ends only the inbound side, and the tunnel goes on sending what its target still
 * writes. Netty answers a close_notify by closing its outbound side too (closeAll), unless it
 * believes it has already seen one: its private flag {@code receivedShutdown} is set at creation,
 * and the close_notify is found instead in BoringSSL's shutdown state after each unwrap, which then
 * reports CLOSED (issue 21: iperf3 through an openssl tunnel pair lost what followed a FIN). The
 * other way round, Netty reports CLOSED for all that arrives once its own close_notify is out.
 * BoringSSL itself writes after reading close_notify. Without the flag (another Netty), the engine
 * closes both directions at once, as before.
 */
final class HalfClosingEngine extends SSLEngine {

    private static final Field RECEIVED_SHUTDOWN = receivedShutdownField();
    /** A TLS record's header: type, version, and the length of what follows. */
    private static final int RECORD_HEADER = 5;

    private final ReferenceCountedOpenSslEngine netty;
    private boolean peerClosed;

    private HalfClosingEngine(ReferenceCountedOpenSslEngine netty) {
        super(netty.getPeerHost(), netty.getPeerPort());
        this.netty = netty;
    }

    /** {@code engine} with half-close where this Netty allows it, else {@code engine} itself. */
    static SSLEngine of(SSLEngine engine) {
        if (RECEIVED_SHUTDOWN == null || !(engine instanceof ReferenceCountedOpenSslEngine netty)) {
            return engine;
        }
        try {
            RECEIVED_SHUTDOWN.setBoolean(netty, true);
        } catch (IllegalAccessException e) {
            return engine;
        }
        return new HalfClosingEngine(netty);
    }

    private static Field receivedShutdownField() {
        try {
            Field field = ReferenceCountedOpenSslEngine.class.getDeclaredField("receivedShutdown");
            field.setAccessible(true);
            return field.getType() == boolean.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The engine BoringSSL's calls need (its SSL pointer). */
    ReferenceCountedOpenSslEngine netty() {
        return netty;
    }

    /** Whether BoringSSL has read the peer's close_notify; the engine's lock keeps its SSL from being freed meanwhile. */
    private boolean closeNotifyRead() {
        synchronized (netty) {
            long ssl = netty.sslPointer();
            return ssl != 0 && (SSL.getShutdown(ssl) & SSL.SSL_RECEIVED_SHUTDOWN) == SSL.SSL_RECEIVED_SHUTDOWN;
        }
    }

    private synchronized SSLEngineResult afterUnwrap(ByteBuffer src, SSLEngineResult result) throws SSLException {
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && result.bytesConsumed() == 0
                && result.bytesProduced() == 0 && !wholeRecord(src)) {
            // Netty asks for room for the record's length before it looks whether the record is all
            // there, and its application buffer size (16,384) is less than a full TLS 1.3 record
            // less its header (16,401): a read that ended 5 to 16 bytes into such a record got
            // BUFFER_OVERFLOW for every buffer the caller sized by the engine, and the tunnel
            // failed the connection (issue 21: iperf3 through an openssl pair, "control socket
            // has closed unexpectedly"). SunJSSE and BCJSSE say BUFFER_UNDERFLOW: more input first.
            return new SSLEngineResult(SSLEngineResult.Status.BUFFER_UNDERFLOW, result.getHandshakeStatus(), 0, 0);
        }
        if (closeNotifyRead()) {
            peerClosed = true;
            freeOnceClosed();
            return new SSLEngineResult(SSLEngineResult.Status.CLOSED, result.getHandshakeStatus(),
                    result.bytesConsumed(), result.bytesProduced());
        }
        if (result.getStatus() != SSLEngineResult.Status.CLOSED || netty.isInboundDone()) {
            return result;
        }
        // Netty says CLOSED for every unwrap once its outbound side is closed, data or not: the
        // peer's data after our close_notify would end the stream. Its own status is lost; none
        // consumed nor produced means a partial record (more input) or a full one (more room).
        SSLEngineResult.Status status = SSLEngineResult.Status.OK;
        if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
            status = wholeRecord(src) ? SSLEngineResult.Status.BUFFER_OVERFLOW : SSLEngineResult.Status.BUFFER_UNDERFLOW;
        }
        // Only a finished handshake closes its outbound side (a tunnel relays a FIN).
        return new SSLEngineResult(status, SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING,
                result.bytesConsumed(), result.bytesProduced());
    }

    /** Whether src begins with a whole TLS record (its length is in bytes 3-4 of its header). */
    private static boolean wholeRecord(ByteBuffer src) {
        return src.remaining() >= RECORD_HEADER
                && src.remaining() >= RECORD_HEADER + (src.getShort(src.position() + 3) & 0xffff);
    }

    /** Both directions over: Netty frees its SSL (as it does when it closes both itself). */
    private void freeOnceClosed() throws SSLException {
        if (peerClosed && netty.isOutboundDone()) {
            netty.closeInbound();
        }
    }

    private synchronized SSLEngineResult closed() {
        return peerClosed ? new SSLEngineResult(SSLEngineResult.Status.CLOSED, getHandshakeStatus(), 0, 0) : null;
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        SSLEngineResult closed = closed();
        return closed != null ? closed : afterUnwrap(src, netty.unwrap(src, dst));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        SSLEngineResult closed = closed();
        return closed != null ? closed : afterUnwrap(src, netty.unwrap(src, dsts));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        SSLEngineResult closed = closed();
        return closed != null ? closed : afterUnwrap(src, netty.unwrap(src, dsts, offset, length));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return afterWrap(netty.wrap(src, dst));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        return afterWrap(netty.wrap(srcs, dst));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return afterWrap(netty.wrap(srcs, offset, length, dst));
    }

    private synchronized SSLEngineResult afterWrap(SSLEngineResult result) throws SSLException {
        freeOnceClosed();
        return result;
    }

    @Override
    public synchronized boolean isInboundDone() {
        return peerClosed || netty.isInboundDone();
    }

    @Override
    public void closeInbound() throws SSLException {
        netty.closeInbound();
    }

    @Override
    public void closeOutbound() {
        netty.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return netty.isOutboundDone();
    }

    @Override
    public Runnable getDelegatedTask() {
        return netty.getDelegatedTask();
    }

    @Override
    public void beginHandshake() throws SSLException {
        netty.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return netty.getHandshakeStatus();
    }

    @Override
    public SSLSession getSession() {
        return netty.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return netty.getHandshakeSession();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return netty.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        netty.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return netty.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return netty.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        netty.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return netty.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return netty.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return netty.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        netty.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return netty.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return netty.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        netty.setEnabledProtocols(protocols);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        netty.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return netty.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        netty.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return netty.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        netty.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return netty.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        netty.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return netty.getEnableSessionCreation();
    }
}
