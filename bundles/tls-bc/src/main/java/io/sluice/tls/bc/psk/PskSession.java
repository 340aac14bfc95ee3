package io.sluice.tls.bc.psk;

import java.security.Principal;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session of a {@link PskEngine}: what the tunnel reads of it (protocol, suite, buffer sizes,
 * the absence of a peer certificate). Resumption is Bouncy Castle's own session's business
 * ({@link PskSessionCache}); this one describes the connection only.
 */
final class PskSession implements SSLSession {

    /** A record's plaintext (2^14) plus the largest expansion of our suites (CBC-SHA384: IV, MAC, padding), rounded up. */
    static final int PACKET_SIZE = 16384 + 1024;

    private final long created = System.currentTimeMillis();
    private final String peerHost;
    private final int peerPort;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private volatile String protocol = "NONE";
    private volatile String cipherSuite = "SSL_NULL_WITH_NULL_NULL";
    private volatile boolean valid = true;

    PskSession(String peerHost, int peerPort) {
        this.peerHost = peerHost;
        this.peerPort = peerPort;
    }

    void established(String protocol, String cipherSuite) {
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
    }

    @Override
    public byte[] getId() {
        return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return null;
    }

    @Override
    public long getCreationTime() {
        return created;
    }

    @Override
    public long getLastAccessedTime() {
        return created;
    }

    @Override
    public void invalidate() {
        valid = false;
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void putValue(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public Object getValue(String name) {
        return values.get(name);
    }

    @Override
    public void removeValue(String name) {
        values.remove(name);
    }

    @Override
    public String[] getValueNames() {
        return values.keySet().toArray(String[]::new);
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("the peer authenticated with a pre-shared key, not a certificate");
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return null;
    }

    @Override
    @SuppressWarnings("removal")
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("the peer authenticated with a pre-shared key, not a certificate");
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("the peer authenticated with a pre-shared key, not a certificate");
    }

    @Override
    public Principal getLocalPrincipal() {
        return null;
    }

    @Override
    public String getCipherSuite() {
        return cipherSuite;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return PACKET_SIZE;
    }

    @Override
    public int getApplicationBufferSize() {
        return PACKET_SIZE;
    }
}
