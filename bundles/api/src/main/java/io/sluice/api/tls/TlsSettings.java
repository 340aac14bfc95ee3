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
 * @param versionMin    lowest protocol, e.g. "TLSv1.2"; null for the provider's lowest
 * @param versionMax    highest protocol, e.g. "TLSv1.3"; null for the provider's highest
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
 * @param namedGroups   the key exchange groups (stunnel's curves) in preference order, TLS names as
 *                      JSSE spells them ({@code x25519}, {@code secp256r1}, {@code ffdhe2048}); null
 *                      for the provider's choice. A provider that cannot apply them refuses the settings
 * @param ticketSecrets a server's session ticket secrets (stunnel's ticketKeySecret / ticketMacSecret),
 *                      or null: each context then makes ticket keys of its own
 *
 * <p>Built with {@link #builder(boolean)}; {@link #toBuilder()} changes some values of settings
 * (the default certificate, material read again after its files changed).
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
        PreSharedKeys psk,
        List<String> namedGroups,
        TicketSecrets ticketSecrets) {

    /** stunnel's defaults, as the tunnel configuration has them. */
    public static final int DEFAULT_SESSION_CACHE_SIZE = 1000;
    public static final int DEFAULT_SESSION_CACHE_TIMEOUT = 300;

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
        namedGroups = namedGroups == null ? null : List.copyOf(namedGroups);
    }

    /** Whether the peer's certificate is checked at all. */
    public boolean verifies() {
        return verifyChain || verifyPeer;
    }

    /**
     * A builder for one role. Its defaults: no key, the system trust store, no verification or
     * identity checks, the provider's protocol versions and suites, stunnel's session defaults and
     * no ALPN, redirect, pre-shared keys or named groups.
     */
    public static Builder builder(boolean client) {
        return new Builder(client);
    }

    /** A builder with these settings' values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(client).keyMaterial(keyMaterial).trustAnchors(trustAnchors).verifyChain(verifyChain)
                .verifyPeer(verifyPeer).requireCert(requireCert).checkHost(checkHost).checkIP(checkIP)
                .checkConnectHost(checkConnectHost).sni(sni).versionMin(versionMin).versionMax(versionMax)
                .ciphers(ciphers).ciphersuites(ciphersuites).checkEmail(checkEmail).allow(allow)
                .revocation(revocation).sessionCacheSize(sessionCacheSize).sessionCacheTimeout(sessionCacheTimeout)
                .sessionResume(sessionResume).alpn(alpn).redirectOnFailure(redirectOnFailure).psk(psk).namedGroups(namedGroups)
                .ticketSecrets(ticketSecrets);
    }

    /** Sets the component of the same name; see the record's description for each. */
    public static final class Builder {
        private final boolean client;
        private KeyMaterial keyMaterial;
        private List<X509Certificate> trustAnchors;
        private boolean verifyChain;
        private boolean verifyPeer;
        private boolean requireCert;
        private List<String> checkHost = List.of();
        private List<String> checkIP = List.of();
        private boolean checkConnectHost;
        private String sni;
        private String versionMin;
        private String versionMax;
        private List<String> ciphers;
        private List<String> ciphersuites;
        private List<String> checkEmail = List.of();
        private PeerAllowList allow = PeerAllowList.ANY;
        private Revocation revocation = Revocation.NONE;
        private int sessionCacheSize = DEFAULT_SESSION_CACHE_SIZE;
        private int sessionCacheTimeout = DEFAULT_SESSION_CACHE_TIMEOUT;
        private boolean sessionResume = true;
        private List<String> alpn = List.of();
        private boolean redirectOnFailure;
        private PreSharedKeys psk;
        private List<String> namedGroups;
        private TicketSecrets ticketSecrets;

        private Builder(boolean client) {
            this.client = client;
        }

        public Builder keyMaterial(KeyMaterial keyMaterial) {
            this.keyMaterial = keyMaterial;
            return this;
        }

        public Builder trustAnchors(List<X509Certificate> trustAnchors) {
            this.trustAnchors = trustAnchors;
            return this;
        }

        public Builder verifyChain(boolean verifyChain) {
            this.verifyChain = verifyChain;
            return this;
        }

        public Builder verifyPeer(boolean verifyPeer) {
            this.verifyPeer = verifyPeer;
            return this;
        }

        public Builder requireCert(boolean requireCert) {
            this.requireCert = requireCert;
            return this;
        }

        public Builder checkHost(List<String> checkHost) {
            this.checkHost = checkHost;
            return this;
        }

        public Builder checkIP(List<String> checkIP) {
            this.checkIP = checkIP;
            return this;
        }

        public Builder checkConnectHost(boolean checkConnectHost) {
            this.checkConnectHost = checkConnectHost;
            return this;
        }

        public Builder sni(String sni) {
            this.sni = sni;
            return this;
        }

        public Builder versionMin(String versionMin) {
            this.versionMin = versionMin;
            return this;
        }

        public Builder versionMax(String versionMax) {
            this.versionMax = versionMax;
            return this;
        }

        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers;
            return this;
        }

        public Builder ciphersuites(List<String> ciphersuites) {
            this.ciphersuites = ciphersuites;
            return this;
        }

        public Builder checkEmail(List<String> checkEmail) {
            this.checkEmail = checkEmail;
            return this;
        }

        public Builder allow(PeerAllowList allow) {
            this.allow = allow;
            return this;
        }

        public Builder revocation(Revocation revocation) {
            this.revocation = revocation;
            return this;
        }

        public Builder sessionCacheSize(int sessionCacheSize) {
            this.sessionCacheSize = sessionCacheSize;
            return this;
        }

        public Builder sessionCacheTimeout(int sessionCacheTimeout) {
            this.sessionCacheTimeout = sessionCacheTimeout;
            return this;
        }

        public Builder sessionResume(boolean sessionResume) {
            this.sessionResume = sessionResume;
            return this;
        }

        public Builder alpn(List<String> alpn) {
            this.alpn = alpn;
            return this;
        }

        public Builder redirectOnFailure(boolean redirectOnFailure) {
            this.redirectOnFailure = redirectOnFailure;
            return this;
        }

        public Builder psk(PreSharedKeys psk) {
            this.psk = psk;
            return this;
        }

        public Builder namedGroups(List<String> namedGroups) {
            this.namedGroups = namedGroups;
            return this;
        }

        public Builder ticketSecrets(TicketSecrets ticketSecrets) {
            this.ticketSecrets = ticketSecrets;
            return this;
        }

        public TlsSettings build() {
            return new TlsSettings(client, keyMaterial, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost,
                    checkIP, checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites, checkEmail, allow,
                    revocation, sessionCacheSize, sessionCacheTimeout, sessionResume, alpn, redirectOnFailure, psk,
                    namedGroups, ticketSecrets);
        }
    }
}
