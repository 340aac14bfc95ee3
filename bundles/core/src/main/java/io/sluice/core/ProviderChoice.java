package io.sluice.core;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS provider of a tunnel that does not name one (issue 21): the fastest that does what the
 * tunnel asks. openssl (BoringSSL) has about 1.5 times jsse's new connections on JDK 17
 * (bench/README.md), so it is the default where the distribution has its native library, unless
 * the tunnel asks for something that BoringSSL refuses or does otherwise. Decided from the
 * configuration and the platform alone, never from which provider bundle happens to be up, so the
 * same file gives the same provider at every start.
 */
final class ProviderChoice {

    static final String JSSE = "jsse";
    static final String OPENSSL = "openssl";

    /**
     * The TLS 1.2 suites of {@link CipherStrings} that BoringSSL (netty-tcnative 2.0.84) has: no DHE,
     * no CBC with SHA-256 or SHA-384. The openssl provider refuses a {@code ciphers} naming any other.
     */
    static final Set<String> OPENSSL_TLS12 = Set.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");

    /** The groups of {@code curves} that BoringSSL has (no X448, no finite-field groups). */
    static final Set<String> OPENSSL_GROUPS = Set.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    /** Where the distribution's netty-tcnative fragment carries a library (its Bundle-NativeCode). */
    static final boolean NATIVE_PLATFORM = nativePlatform(System.getProperty("os.name"), System.getProperty("os.arch"));

    private static final Logger LOG = LoggerFactory.getLogger(ProviderChoice.class);

    private ProviderChoice() {
    }

    static boolean nativePlatform(String osName, String osArch) {
        String arch = String.valueOf(osArch).toLowerCase(Locale.ROOT);
        return "linux".equalsIgnoreCase(osName) && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** The provider of a tunnel without {@code tlsProvider}, on a platform with or without the native library. */
    static String of(boolean client, TlsSettings tls, TlsFiles files, boolean renegotiation, boolean nativePlatform) {
        if (files.pskSecrets() != null) {
            return TlsParser.PSK_PROVIDER;
        }
        if (tls.ticketSecrets() != null) {
            return TlsParser.TICKET_KEY_PROVIDER;
        }
        // BoringSSL's server never renegotiates, and Netty's client does not either: renegotiation = yes is jsse's.
        return nativePlatform && !renegotiation && openSslDoes(client, tls) ? OPENSSL : JSSE;
    }

    /** Whether BoringSSL does what the settings ask, as jsse would (bundles/tls-openssl/README.md). */
    private static boolean openSslDoes(boolean client, TlsSettings tls) {
        return tls.ciphersuites() == null
                && (tls.ciphers() == null || OPENSSL_TLS12.containsAll(tls.ciphers()))
                && (tls.namedGroups() == null || OPENSSL_GROUPS.containsAll(tls.namedGroups()))
                // A server with alpn refuses a client offering none of them; BoringSSL's goes on without ALPN.
                && (client || tls.alpn().isEmpty());
    }

    /** Why the tunnel wants its provider, for the line of a tunnel waiting for it. */
    static String why(TunnelSettings settings) {
        if (settings.values() != null && settings.values().optional("tlsProvider") != null) {
            return "tlsProvider";
        }
        if (settings.files().pskSecrets() != null) {
            return "PSKsecrets needs it";
        }
        return settings.tls().ticketSecrets() != null ? "ticketKeySecret needs it"
                : "the default here; tlsProvider = jsse does without it";
    }

    /**
     * A default of openssl whose native library does not load here gives way to jsse, said once per
     * start: a default is no request for that provider, and refusing would leave the tunnel serving
     * nothing. A tunnel that names openssl, or needs it (ticket keys), keeps it and fails with the reason.
     *
     * @param provider the service of the settings' provider, or null while there is none
     */
    static TunnelSettings giveWay(TunnelSettings settings, TlsProvider provider) {
        String unavailable = provider == null ? null : provider.unavailable();
        if (unavailable == null || !settings.tlsProvider().equals(OPENSSL) || settings.tls().ticketSecrets() != null
                || settings.values() == null || settings.values().optional("tlsProvider") != null) {
            return settings;
        }
        LOG.info("Service [{}] TLS by jsse instead of the default openssl: {}", settings.name(), unavailable);
        return settings.toBuilder().tlsProvider(JSSE).build();
    }
}
