package io.sluice.api.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Everything a TLS provider needs to build a context for one tunnel, already loaded and validated.
 *
 * @param client        this side starts the handshake (stunnel's {@code client = yes})
 * @param keyMaterial   own key and chain; required on a server, optional on a client
 * @param trustAnchors  trusted certificates (CAfile/CApath); null means the JDK's system trust store
 * @param verifyChain   the peer's chain must lead to a trust anchor
 * @param verifyPeer    the peer's leaf itself must be among the trust anchors (same subject and key)
 * @param requireCert   a server fails the handshake when the client sends no certificate
 * @param checkHost     the peer's leaf must match one of these DNS names (stunnel's checkHost)
 * @param checkIP       the peer's leaf must match one of these IP addresses (stunnel's checkIP)
 * @param checkConnectHost a client checks the leaf against the host it connected to (on when no
 *                      checkHost/checkIP is given and verification is on: the secure default)
 * @param sni           the server name a client sends: null sends the host name it connects to
 *                      (none for an IP address), empty sends none
 * @param versionMin    lowest protocol, e.g. "TLSv1.2"
 * @param versionMax    highest protocol, e.g. "TLSv1.3"
 * @param ciphers       TLS 1.2 suites in preference order (IANA names); null for the provider's choice
 * @param ciphersuites  TLS 1.3 suites in preference order; null for the provider's choice
 * @param checkEmail    the peer's leaf must carry one of these email addresses (stunnel's checkEmail); with
 *                      checkHost and checkIP, any one of all of them is enough
 * @param allow         authorization by certificate identity (allowCN, allowOU, allowDNS, allowURI)
 * @param revocation    CRL and OCSP checks of the peer's chain
 * @param sessionCacheSize    sessions kept for resumption (stunnel's sessionCacheSize; 0 = unlimited)
 * @param sessionCacheTimeout seconds a cached session may be resumed (stunnel's sessionCacheTimeout)
 * @param sessionResume a client offers cached sessions and a server accepts them (stunnel's sessionResume)
 * @param alpn          ALPN protocols in preference order: a client offers them, a server picks the
 *                      first of its own list that the client offered; empty for no ALPN
 * @param redirectOnFailure a server lets a client that fails verification (or sends no certificate)
 *                      finish the handshake, marked (see {@link TlsContext#verificationFailure}), so
 *                      that the tunnel sends it elsewhere (stunnel's redirect)
 * @param psk           pre-shared keys (stunnel's PSKsecrets / PSKidentity), or null: with keys, the
 *                      peers authenticate each other by a shared key alone, and no certificate is
 *                      sent, asked for or verified
 */
public record TlsSettings(
        boolean client,
        KeyMaterial keyMaterial,
        List<X509Certificate> trustAnchors,
        boolean verifyChain,
        boolean verifyPeer,
        boolean requireCert,
        List<String> checkHost,
        List<String> checkIP,
        boolean checkConnectHost,
        String sni,
        String versionMin,
        String versionMax,
        List<String> ciphers,
        List<String> ciphersuites,
        List<String> checkEmail,
        PeerAllowList allow,
        Revocation revocation,
        int sessionCacheSize,
        int sessionCacheTimeout,
        boolean sessionResume,
        List<String> alpn,
        boolean redirectOnFailure,
        PreSharedKeys psk) {

    /** stunnel's defaults, as the tunnel configuration has them. */
    public static final int DEFAULT_SESSION_CACHE_SIZE = 1000;
    public static final int DEFAULT_SESSION_CACHE_TIMEOUT = 300;

    /**
     * Only stunnel's verification basics: no checkEmail, identity authorization or revocation
     * checks; stunnel's session defaults and no ALPN.
     */
    public TlsSettings(boolean client, KeyMaterial keyMaterial, List<X509Certificate> trustAnchors,
            boolean verifyChain, boolean verifyPeer, boolean requireCert, List<String> checkHost,
            List<String> checkIP, boolean checkConnectHost, String sni, String versionMin, String versionMax,
            List<String> ciphers, List<String> ciphersuites) {
        this(client, keyMaterial, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost, checkIP,
                checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites, null, null, null,
                DEFAULT_SESSION_CACHE_SIZE, DEFAULT_SESSION_CACHE_TIMEOUT, true, List.of(), false, null);
    }

    /** Every setting but pre-shared keys. */
    public TlsSettings(boolean client, KeyMaterial keyMaterial, List<X509Certificate> trustAnchors,
            boolean verifyChain, boolean verifyPeer, boolean requireCert, List<String> checkHost,
            List<String> checkIP, boolean checkConnectHost, String sni, String versionMin, String versionMax,
            List<String> ciphers, List<String> ciphersuites, List<String> checkEmail, PeerAllowList allow,
            Revocation revocation, int sessionCacheSize, int sessionCacheTimeout, boolean sessionResume,
            List<String> alpn, boolean redirectOnFailure) {
        this(client, keyMaterial, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost, checkIP,
                checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites, checkEmail, allow, revocation,
                sessionCacheSize, sessionCacheTimeout, sessionResume, alpn, redirectOnFailure, null);
    }

    public TlsSettings {
        trustAnchors = trustAnchors == null ? null : List.copyOf(trustAnchors);
        checkHost = List.copyOf(checkHost);
        checkIP = List.copyOf(checkIP);
        ciphers = ciphers == null ? null : List.copyOf(ciphers);
        ciphersuites = ciphersuites == null ? null : List.copyOf(ciphersuites);
        checkEmail = checkEmail == null ? List.of() : List.copyOf(checkEmail);
        allow = allow == null ? PeerAllowList.ANY : allow;
        revocation = revocation == null ? Revocation.NONE : revocation;
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
    }

    /** The same settings with another key (the default certificate, a rotated file). */
    public TlsSettings withKeyMaterial(KeyMaterial material) {
        return new TlsSettings(client, material, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost,
                checkIP, checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites, checkEmail, allow,
                revocation, sessionCacheSize, sessionCacheTimeout, sessionResume, alpn, redirectOnFailure, psk);
    }

    /** The same settings with pre-shared keys (null: none). */
    public TlsSettings withPreSharedKeys(PreSharedKeys keys) {
        return new TlsSettings(client, keyMaterial, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost,
                checkIP, checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites, checkEmail, allow,
                revocation, sessionCacheSize, sessionCacheTimeout, sessionResume, alpn, redirectOnFailure, keys);
    }

    /** Whether the peer's certificate is checked at all. */
    public boolean verifies() {
        return verifyChain || verifyPeer;
    }
}
