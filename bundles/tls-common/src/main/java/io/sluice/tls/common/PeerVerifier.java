package io.sluice.tls.common;

import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * stunnel's verification rules over the TLS provider's own PKIX checks: verifyChain (chain to a trust anchor)
 * with CRLfile / CRLpath, verifyPeer (the leaf itself is trusted), then checkHost / checkIP / checkEmail, or the
 * host connected to, then Sluice's allowCN / allowOU / allowDNS / allowURI, and last OCSP (the only check that
 * may go to the network, so cheaper refusals come first).
 */
public final class PeerVerifier extends X509ExtendedTrustManager {

    private final TlsSettings settings;
    private final X509ExtendedTrustManager pkix;
    private final List<X509Certificate> anchors;
    private final CrlCheck crls;
    private final OcspCheck ocsp;

    private PeerVerifier(TlsSettings settings, X509ExtendedTrustManager pkix, List<X509Certificate> anchors) {
        this.settings = settings;
        this.pkix = pkix;
        this.anchors = anchors;
        this.crls = settings.revocation().checksCrls() ? new CrlCheck(settings.revocation().crls()) : null;
        this.ocsp = settings.revocation().checksOcsp() ? new OcspCheck(settings.revocation()) : null;
    }

    /**
     * @param factory the TLS provider's own PKIX trust manager factory, not yet initialized: the chain
     *                checks are the provider's, the stunnel rules on top of them are shared
     */
    public static PeerVerifier create(TlsSettings settings, TrustManagerFactory factory)
            throws GeneralSecurityException {
        factory.init(KeyStores.trustStore(settings.trustAnchors()));
        X509ExtendedTrustManager pkix = Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException(
                        "no X509 trust manager from " + factory.getProvider().getName()));
        List<X509Certificate> anchors = settings.trustAnchors() != null ? settings.trustAnchors()
                : List.of(pkix.getAcceptedIssuers());
        return new PeerVerifier(settings, pkix, anchors);
    }

    private void verify(X509Certificate[] chain, String authType, SSLEngine engine, boolean peerIsServer)
            throws CertificateException {
        if (!settings.verifies()) {
            return;
        }
        if (chain == null || chain.length == 0) {
            throw new CertificateException("peer sent no certificate");
        }
        try {
            verifyCertificates(chain, authType, engine, peerIsServer);
        } catch (CertificateException e) {
            throw PeerRejection.of(e, chain);
        }
    }

    private void verifyCertificates(X509Certificate[] chain, String authType, SSLEngine engine, boolean peerIsServer)
            throws CertificateException {
        X509Certificate leaf = chain[0];
        // First, so that an expired peer says so with every provider (BCJSSE reports it as "no valid chain").
        leaf.checkValidity();
        IssuerChain issuers = null;
        if (settings.verifyChain()) {
            checkChain(chain, authType, engine, peerIsServer);
            if (crls != null || ocsp != null) {
                issuers = IssuerChain.of(chain, anchors);
            }
            if (crls != null) {
                crls.check(issuers);
            }
        }
        if (settings.verifyPeer()) {
            if (anchors.stream().noneMatch(a -> a.getSubjectX500Principal().equals(leaf.getSubjectX500Principal())
                    && a.getPublicKey().equals(leaf.getPublicKey()))) {
                throw new CertificateException("peer certificate " + leaf.getSubjectX500Principal()
                        + " is not in the trust store (verifyPeer)");
            }
        }
        checkIdentity(leaf, peerIsServer && engine != null ? engine.getPeerHost() : null);
        PeerIdentity.checkAllowed(settings.allow(), leaf);
        if (ocsp != null && issuers != null) {
            ocsp.check(issuers);
        }
    }

    /**
     * The chain a successful check verified, leaf first, up to the trust anchor where it reached
     * one (the peer need not send the anchor, stunnel logs it all the same). The signatures were
     * checked by then; naming each depth takes only the names, no signature check per handshake.
     */
    List<X509Certificate> verifiedPath(X509Certificate[] sent) {
        List<X509Certificate> candidates = new ArrayList<>(List.of(sent));
        candidates.addAll(anchors);
        List<X509Certificate> path = new ArrayList<>(List.of(sent[0]));
        X509Certificate cert = sent[0];
        // Bounded by the candidates: a loop of cross-signed names cannot spin.
        while (path.size() <= candidates.size()
                && !cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : candidates) {
                if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            path.add(issuer);
            cert = issuer;
        }
        return List.copyOf(path);
    }

    /** The provider's PKIX check, its failure worded alike for every provider (the cause keeps its detail). */
    private void checkChain(X509Certificate[] chain, String authType, SSLEngine engine, boolean peerIsServer)
            throws CertificateException {
        try {
            if (peerIsServer) {
                pkix.checkServerTrusted(chain, authType, engine);
            } else {
                pkix.checkClientTrusted(chain, authType, engine);
            }
        } catch (CertificateException e) {
            throw new CertificateException("peer certificate " + chain[0].getSubjectX500Principal()
                    + " does not chain to a trusted CA (verifyChain): " + e.getMessage(), e);
        }
    }

    private void checkIdentity(X509Certificate leaf, String connectedHost) throws CertificateException {
        List<String> hosts = settings.checkHost();
        List<String> ips = settings.checkIP();
        List<String> emails = settings.checkEmail();
        if (hosts.isEmpty() && ips.isEmpty() && emails.isEmpty()) {
            if (!settings.checkConnectHost() || connectedHost == null) {
                return;
            }
            if (HostMatcher.isIpLiteral(connectedHost)) {
                ips = List.of(connectedHost);
            } else {
                hosts = List.of(connectedHost);
            }
        }
        for (String host : hosts) {
            if (HostMatcher.matchesHost(leaf, host)) {
                return;
            }
        }
        for (String ip : ips) {
            if (HostMatcher.matchesIp(leaf, ip)) {
                return;
            }
        }
        for (String email : emails) {
            if (HostMatcher.matchesEmail(leaf, email)) {
                return;
            }
        }
        List<String> wanted = new java.util.ArrayList<>(hosts);
        wanted.addAll(ips);
        wanted.addAll(emails);
        throw new CertificateException("peer certificate " + leaf.getSubjectX500Principal()
                + " does not match " + String.join(" or ", wanted));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (!settings.redirectOnFailure()) {
            verify(chain, authType, engine, false);
            return;
        }
        try {
            verify(chain, authType, engine, false);
        } catch (CertificateException e) {
            // stunnel's redirect: the handshake goes on, the tunnel sends this client elsewhere.
            engine.getHandshakeSession().putValue(TlsContext.VERIFY_FAILURE,
                    String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, authType, engine, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain, authType, null, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain, authType, null, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, null, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, null, true);
    }

    /**
     * The peer's chain as a finished handshake of {@code engine} verified it (TlsContext.verifiedChain):
     * empty when this tunnel does not verify or the peer failed (a redirected client).
     */
    public List<X509Certificate> verifiedChain(SSLEngine engine) {
        SSLSession session = engine.getSession();
        if (!settings.verifies() || session.getValue(TlsContext.VERIFY_FAILURE) != null) {
            return List.of();
        }
        try {
            Certificate[] sent = session.getPeerCertificates();
            return verifiedPath(Arrays.copyOf(sent, sent.length, X509Certificate[].class));
        } catch (SSLPeerUnverifiedException | ArrayStoreException e) {
            return List.of(); // no certificate (a redirected client), or not X.509
        }
    }

    /** Why a redirected client failed verification (TlsContext.verificationFailure), or null. */
    public String verificationFailure(SSLEngine engine) {
        if (!settings.redirectOnFailure()) {
            return null;
        }
        Object failure = engine.getSession().getValue(TlsContext.VERIFY_FAILURE);
        if (failure != null) {
            return failure.toString();
        }
        if (settings.requireCert() || settings.verifies()) {
            try {
                engine.getSession().getPeerCertificates();
            } catch (SSLPeerUnverifiedException e) {
                return "peer sent no certificate";
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // A server requesting client certificates names these CAs; the system store would be too long.
        return settings.trustAnchors() == null ? new X509Certificate[0] : anchors.toArray(X509Certificate[]::new);
    }

}
