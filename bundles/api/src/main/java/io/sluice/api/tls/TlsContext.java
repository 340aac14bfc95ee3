package io.sluice.api.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * An immutable TLS context for one tunnel configuration, shared by all its connections; each
 * connection gets its own engine (Netty's SslContext / SslHandler split).
 */
public interface TlsContext {

    /**
     * A new engine in the tunnel's role, ready for its first handshake.
     *
     * @param peerHost the host name (or address) of the peer as configured; a client uses it for
     *                 session reuse and for the host name check
     * @param peerPort the peer's port
     */
    SSLEngine newEngine(String peerHost, int peerPort);

    /**
     * Whether the handshake an engine of this context just completed resumed an earlier session
     * rather than negotiating a new one. JSSE has no such query: the default tells by the session's
     * creation time, which a resumed session keeps from its first handshake (SunJSSE and BCJSSE alike).
     *
     * @param handshakeStartedMillis {@link System#currentTimeMillis()} before the engine was created
     */
    default boolean resumed(SSLEngine engine, long handshakeStartedMillis) {
        return engine.getSession().getCreationTime() < handshakeStartedMillis;
    }

    /**
     * Called once when this context replaces {@code previous} for the new connections of the same
     * tunnel (its TLS files changed): it may take over the sessions of {@code previous} that its own
     * material still vouches for. The default takes none.
     */
    default void takeOver(TlsContext previous) {
    }

    /**
     * Whether a handshake on this context may hold its thread for long: milliseconds of CPU in Java
     * for a signature or a key exchange, or a wait for the network (an OCSP responder). The transport
     * runs such handshakes off the I/O thread that serves the tunnel's other connections; the others
     * on it, as stunnel and HAProxy do, without a hand-off between threads at each handshake record.
     * The default says yes.
     */
    default boolean slowHandshakes() {
        return true;
    }

    /** The provider's name, e.g. "jsse". */
    String providerName();

    /** The handshake-session value where a redirecting verifier leaves why the peer failed. */
    String VERIFY_FAILURE = "io.sluice.verify.failure";

    /**
     * Why the client of a finished server handshake failed verification, when the tunnel sends such
     * clients elsewhere (stunnel's {@code redirect}) rather than ending their handshake; null when it
     * passed, or when the tunnel does not redirect.
     */
    default String verificationFailure(SSLEngine engine) {
        return null;
    }

    /**
     * The peer's certificate chain as a finished handshake verified it, leaf first (depth 0) and
     * ending at the trust anchor where the chain reached one; empty when this context does not
     * verify peers or the peer failed (stunnel logs "Certificate accepted at depth=N" for each).
     */
    default List<X509Certificate> verifiedChain(SSLEngine engine) {
        return List.of();
    }

    /**
     * Which of the peer's certificates a failed handshake refused, when it failed on this context's
     * verification of the peer (not for a peer that sent none, nor for other TLS errors).
     */
    default Optional<CertificateRejection> rejection(Throwable handshakeFailure) {
        return Optional.empty();
    }

    /**
     * The pre-shared key identity a finished handshake authenticated (stunnel's PSKsecrets), or null
     * when the peers authenticated by certificate.
     */
    default String pskIdentity(SSLEngine engine) {
        return null;
    }
}
