package io.sluice.core;

import io.sluice.api.tls.CertificateRejection;
import io.sluice.api.tls.TlsContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * The TLS context a tunnel's listener holds for its whole life: new connections get engines of the
 * context in force, which a change of the certificate, key or trust files replaces without
 * rebinding; connections already open keep the engine (and the material) they started with.
 */
final class RotatingTlsContext implements TlsContext {

    private volatile TlsContext current;

    RotatingTlsContext(TlsContext first) {
        current = first;
    }

    void replace(TlsContext next) {
        next.takeOver(current);
        current = next;
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        return current.newEngine(peerHost, peerPort);
    }

    @Override
    public boolean resumed(SSLEngine engine, long handshakeStartedMillis) {
        return current.resumed(engine, handshakeStartedMillis);
    }

    @Override
    public String verificationFailure(SSLEngine engine) {
        return current.verificationFailure(engine);
    }

    @Override
    public List<X509Certificate> verifiedChain(SSLEngine engine) {
        return current.verifiedChain(engine);
    }

    @Override
    public Optional<CertificateRejection> rejection(Throwable handshakeFailure) {
        return current.rejection(handshakeFailure);
    }

    @Override
    public String pskIdentity(SSLEngine engine) {
        return current.pskIdentity(engine);
    }

    @Override
    public boolean slowHandshakes() {
        return current.slowHandshakes();
    }

    @Override
    public String providerName() {
        return current.providerName();
    }
}
