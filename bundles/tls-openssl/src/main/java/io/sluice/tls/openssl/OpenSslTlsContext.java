package io.sluice.tls.openssl;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.sluice.api.tls.CertificateRejection;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.common.ClientSessionSlots;
import io.sluice.tls.common.ClientSni;
import io.sluice.tls.common.PeerRejection;
import io.sluice.tls.common.PeerVerifier;
import io.sluice.tls.common.Protocols;
import io.sluice.tls.common.Suites;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A tunnel's TLS context over BoringSSL: one native SSL_CTX (Netty's SslContext) per tunnel
 * configuration, an engine per connection. Verification is Sluice's own (tls-common's
 * PeerVerifier as the trust manager: chain, CRLs, host, allow lists, OCSP), run as a delegated
 * task like SunJSSE's, so that a slow OCSP responder holds up the handshake pool, not the I/O thread.
 */
final class OpenSslTlsContext implements TlsContext {

    /**
     * What BoringSSL offers over TLS 1.3, fixed: it has no call to choose them (AES-GCM first on a
     * CPU with AES instructions, ChaCha20 first otherwise).
     */
    static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /**
     * The groups of stunnel's curves that BoringSSL has (no X448, no finite-field groups). Netty would
     * skip any other with a debug line: refused here instead.
     */
    static final List<String> GROUPS = List.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    /** Direct buffers for the engines' copies of heap data into BoringSSL, pooled per thread. */
    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final String providerName;
    private final TlsSettings settings;
    private final PeerVerifier verifier;
    private final SslContext context;
    private final ClientSessionSlots slots = new ClientSessionSlots();

    OpenSslTlsContext(String providerName, TlsSettings settings) throws GeneralSecurityException {
        this.providerName = providerName;
        this.settings = settings;
        if (!settings.client() && settings.keyMaterial() == null) {
            throw new GeneralSecurityException("a server-mode tunnel needs a certificate and key (cert)");
        }
        Provider sunJsse = Security.getProvider("SunJSSE");
        if (sunJsse == null) {
            throw new GeneralSecurityException("the JDK's SunJSSE provider (its PKIX chain checks) is not available");
        }
        verifier = PeerVerifier.create(settings, TrustManagerFactory.getInstance("PKIX", sunJsse));
        String[] protocols = Protocols.enabled(providerName, supportedProtocols(), settings.versionMin(),
                settings.versionMax());
        String[] suites = suites(providerName, settings);
        checkGroups(providerName, settings);
        try {
            context = builder(settings, protocols, suites).build();
        } catch (SSLException | RuntimeException e) {
            throw new GeneralSecurityException("BoringSSL refused the settings: " + e.getMessage(), e);
        }
        OpenSslSessionContext sessions = (OpenSslSessionContext) context.sessionContext();
        if (!settings.sessionResume()) {
            // No cache, and Netty leaves tickets off until keys are set: nothing to offer or resume.
            sessions.setSessionCacheEnabled(false);
        } else if (!settings.client()) {
            // Tickets on (TLS 1.3 resumes by ticket only): with the configured secrets' keys, shared
            // by every tunnel given them, or else with keys of this context's own, as stunnel's.
            sessions.setTicketKeys(settings.ticketSecrets() != null
                    ? TicketKeys.from(settings.ticketSecrets()) : TicketKeys.random());
        }
    }

    private static String[] supportedProtocols() {
        return SslProvider.isTlsv13Supported(SslProvider.OPENSSL) ? new String[] {"TLSv1.2", "TLSv1.3"} : new String[] {"TLSv1.2"};
    }

    private static String[] suites(String provider, TlsSettings settings) throws GeneralSecurityException {
        Set<String> supported = new LinkedHashSet<>(OpenSsl.availableJavaCipherSuites());
        supported.addAll(TLS13_SUITES);
        String[] all = Suites.enabled(provider, supported.toArray(String[]::new), settings.ciphersuites(),
                settings.ciphers());
        if (settings.ciphersuites() != null) {
            // Known names (checked above), but BoringSSL would silently use its own list: refuse instead.
            throw new GeneralSecurityException("ciphersuites: BoringSSL does not let the TLS 1.3 suites be chosen (it"
                    + " offers " + String.join(", ", TLS13_SUITES) + ", AES first on CPUs with AES instructions);"
                    + " leave ciphersuites unset with tlsProvider = " + provider + ", or use tlsProvider = jsse");
        }
        // With the TLS 1.3 names in the list: without any, Netty would turn TLS 1.3 off.
        return all;
    }

    private static void checkGroups(String provider, TlsSettings settings) throws GeneralSecurityException {
        if (settings.namedGroups() == null) {
            return;
        }
        for (String group : settings.namedGroups()) {
            if (!GROUPS.contains(group)) {
                throw new GeneralSecurityException("curves: BoringSSL (tlsProvider = " + provider + ") has no group "
                        + group + "; it has X25519, P-256, P-384 and P-521 (tlsProvider = jsse or bc have the others)");
            }
        }
    }

    private SslContextBuilder builder(TlsSettings settings, String[] protocols, String[] suites) {
        SslContextBuilder builder;
        if (settings.client()) {
            builder = SslContextBuilder.forClient();
            if (settings.keyMaterial() != null) {
                builder.keyManager(new OpenSslCachingX509KeyManagerFactory(FixedKeyManager.factory(settings.keyMaterial())));
            }
        } else {
            builder = SslContextBuilder.forServer(
                    new OpenSslCachingX509KeyManagerFactory(FixedKeyManager.factory(settings.keyMaterial())));
            boolean asks = settings.requireCert() || settings.verifies();
            // redirect: a client without a (good) certificate finishes the handshake and is sent elsewhere.
            builder.clientAuth(!asks ? ClientAuth.NONE : settings.redirectOnFailure() ? ClientAuth.OPTIONAL : ClientAuth.REQUIRE);
        }
        builder.sslProvider(SslProvider.OPENSSL)
                // Netty 4.2 checks a client's host name itself by default; Sluice's verifier does (checkHost, ...).
                .endpointIdentificationAlgorithm(null)
                .trustManager(verifier)
                .protocols(protocols)
                .ciphers(Arrays.asList(suites), IdentityCipherSuiteFilter.INSTANCE)
                .sessionCacheSize(settings.sessionCacheSize())
                .sessionTimeout(settings.sessionCacheTimeout())
                .option(OpenSslContextOption.USE_TASKS, true);
        if (settings.namedGroups() != null) {
            // Netty takes the TLS names (secp384r1) and gives BoringSSL its own (P-384).
            builder.option(OpenSslContextOption.GROUPS, settings.namedGroups().toArray(String[]::new));
        }
        if (!settings.alpn().isEmpty()) {
            builder.applicationProtocolConfig(settings.client()
                    ? new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                            SelectedListenerFailureBehavior.ACCEPT, settings.alpn())
                    // BoringSSL through netty-tcnative cannot send no_application_protocol: a client that
                    // offers none of these goes on without ALPN (bundles/tls-openssl/README.md).
                    : new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                            SelectedListenerFailureBehavior.ACCEPT, settings.alpn()));
        }
        return builder;
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine;
        SSLParameters params;
        if (settings.client()) {
            engine = settings.sessionResume()
                    ? slots.engine(peerPort, port -> context.newEngine(ALLOCATOR, peerHost, port))
                    : context.newEngine(ALLOCATOR, peerHost, peerPort);
            params = engine.getSSLParameters();
            params.setServerNames(ClientSni.serverNames(settings, peerHost));
        } else {
            engine = context.newEngine(ALLOCATOR);
            params = engine.getSSLParameters();
            params.setUseCipherSuitesOrder(true);
            if (!settings.sessionResume()) {
                // Without keys set, BoringSSL still issues TLS 1.3 tickets of its own: none at all.
                synchronized (engine) {
                    SSL.setOptions(((ReferenceCountedOpenSslEngine) engine).sslPointer(), SSL.SSL_OP_NO_TICKET);
                }
            }
        }
        engine.setSSLParameters(params);
        return HalfClosingEngine.of(engine);
    }

    /** BoringSSL knows (SSL_session_reused); the creation time has whole seconds only here. */
    @Override
    public boolean resumed(SSLEngine engine, long handshakeStartedMillis) {
        SSLEngine raw = engine instanceof HalfClosingEngine halfClosing ? halfClosing.netty() : engine;
        if (!(raw instanceof ReferenceCountedOpenSslEngine openSsl)) {
            return TlsContext.super.resumed(engine, handshakeStartedMillis);
        }
        // The engine's lock keeps it from freeing its SSL (shutdown) between the two calls.
        synchronized (openSsl) {
            long ssl = openSsl.sslPointer();
            return ssl != 0 && SSL.isSessionReused(ssl);
        }
    }

    /**
     * BoringSSL signs RSA-2048 in about half a millisecond and ECDSA in a tenth; only an OCSP
     * responder can hold a handshake longer (issue 21: on the I/O thread, a serial client's
     * handshakes cost 5.7 context switches each instead of 10, and 15-25% less CPU).
     */
    @Override
    public boolean slowHandshakes() {
        return settings.revocation().checksOcsp();
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
