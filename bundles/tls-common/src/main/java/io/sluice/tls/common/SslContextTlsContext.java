package io.sluice.tls.common;

import io.sluice.api.tls.CertificateRejection;
import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A tunnel's TLS context over any JSSE provider (SunJSSE, BCJSSE): one SSLContext per tunnel
 * configuration, an engine per connection. Everything here goes through the standard javax.net.ssl
 * API, so both providers share the stunnel semantics; only the provider instance differs.
 */
public final class SslContextTlsContext implements TlsContext {

    private final String providerName;
    private final TlsSettings settings;
    private final Provider provider;
    private final KeyManager[] keyManagers;
    private final PeerVerifier verifier;
    private final TrustManager[] trustManagers;
    /** Shared by all engines, with its session caches; with sessionResume = no each engine has its own (contextFor). */
    private final SSLContext context;
    private final String[] protocols;
    private final String[] alpn;
    private final String[] suites;
    private final EngineGroups engineGroups;
    /** Null: the provider's own groups. */
    private final String[] groups;
    /** Session cache entries for client handshakes in progress at the same time. */
    private final ClientSessionSlots slots = new ClientSessionSlots();

    /**
     * @param providerName        Sluice's name of the provider (tls.provider), used in messages
     * @param provider            the JSSE provider instance; its SSLContext, key and trust manager factories are used
     * @param keyManagerAlgorithm a key manager that picks the key by the TLS 1.3 signature scheme
     * @param engineGroups        sets the named groups on each engine, when the settings have some
     */
    public SslContextTlsContext(String providerName, TlsSettings settings, Provider provider,
            String keyManagerAlgorithm, EngineGroups engineGroups) throws GeneralSecurityException {
        this.providerName = providerName;
        this.settings = settings;
        if (settings.psk() != null) {
            throw new GeneralSecurityException("PSKsecrets: JSSE has no TLS-PSK; use tlsProvider = bc");
        }
        if (!settings.client() && settings.keyMaterial() == null) {
            throw new GeneralSecurityException("a server-mode tunnel needs a certificate and key (cert)");
        }
        this.provider = provider;
        this.engineGroups = engineGroups;
        groups = settings.namedGroups() == null ? null : settings.namedGroups().toArray(String[]::new);
        KeyManager[] managers = keyManagers(settings.keyMaterial(), provider, keyManagerAlgorithm);
        keyManagers = settings.client() ? ConfiguredClientKey.forClient(managers) : managers;
        verifier = PeerVerifier.create(settings, TrustManagerFactory.getInstance("PKIX", provider));
        trustManagers = new TrustManager[] {verifier};
        context = newSslContext();
        // Both caches: a tunnel is a server or a client, but the unused one costs nothing.
        for (SSLSessionContext sessions : List.of(context.getServerSessionContext(), context.getClientSessionContext())) {
            sessions.setSessionCacheSize(settings.sessionCacheSize());
            sessions.setSessionTimeout(settings.sessionCacheTimeout());
        }
        alpn = settings.alpn().toArray(String[]::new);
        SSLEngine probe = context.createSSLEngine();
        protocols = Protocols.enabled(providerName, probe.getSupportedProtocols(), settings.versionMin(),
                settings.versionMax());
        suites = Suites.enabled(providerName, probe.getSupportedCipherSuites(), settings.ciphersuites(),
                settings.ciphers());
    }

    private SSLContext newSslContext() throws GeneralSecurityException {
        SSLContext ssl = SSLContext.getInstance("TLS", provider);
        ssl.init(keyManagers, trustManagers, null);
        return ssl;
    }

    /**
     * sessionResume = no: an SSLContext of the engine's own, so its session caches (and a server's
     * ticket keys) are empty and die with it: a client has nothing to offer, a server nothing to
     * accept. SunJSSE still issues TLS 1.3 tickets (stunnel sends none); they can never be redeemed.
     * The managers are shared: a few microseconds per connection with SunJSSE, about half a
     * millisecond with BCJSSE (bench/tls-sessions), against several for the full handshake.
     */
    private SSLContext contextFor() {
        if (settings.sessionResume()) {
            return context;
        }
        try {
            return newSslContext();
        } catch (GeneralSecurityException e) {
            // The same provider and managers built the shared context a moment ago.
            throw new IllegalStateException("cannot create an SSLContext: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(KeyMaterial material, Provider provider, String algorithm)
            throws GeneralSecurityException {
        if (material == null) {
            return null;
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm, provider);
        factory.init(KeyStores.keyStore(material), KeyStores.IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine;
        SSLParameters params;
        SSLContext ssl = contextFor();
        if (settings.client()) {
            engine = ssl == context
                    ? slots.engine(peerPort, port -> ssl.createSSLEngine(peerHost, port))
                    : ssl.createSSLEngine(peerHost, peerPort);
            engine.setUseClientMode(true);
            params = engine.getSSLParameters();
            params.setServerNames(ClientSni.serverNames(settings, peerHost));
        } else {
            engine = ssl.createSSLEngine();
            engine.setUseClientMode(false);
            params = engine.getSSLParameters();
            // Our suite order (AES-128-GCM first), not the client's: BCJSSE would otherwise take ChaCha20.
            params.setUseCipherSuitesOrder(true);
            if ((settings.requireCert() || settings.verifies()) && settings.redirectOnFailure()) {
                params.setWantClientAuth(true); // no certificate: redirected, not refused
            } else if (settings.requireCert() || settings.verifies()) {
                params.setNeedClientAuth(true);
            }
        }
        params.setProtocols(protocols);
        params.setCipherSuites(suites);
        if (alpn.length > 0) {
            // A client offers the list; a server takes the first of its own list the client offered
            // (both providers walk the server's list) and refuses a client that offered none of them
            // with no_application_protocol (RFC 7301). A client offering no ALPN gets none.
            params.setApplicationProtocols(alpn);
        }
        engine.setSSLParameters(params);
        if (groups != null) {
            engineGroups.apply(engine, groups);
        }
        return engine;
    }

    @Override
    public String providerName() {
        return providerName;
    }

    @Override
    public List<X509Certificate> verifiedChain(SSLEngine engine) {
        return verifier.verifiedChain(engine);
    }

    @Override
    public Optional<CertificateRejection> rejection(Throwable handshakeFailure) {
        return PeerRejection.in(handshakeFailure);
    }

    @Override
    public String verificationFailure(SSLEngine engine) {
        return verifier.verificationFailure(engine);
    }
}
