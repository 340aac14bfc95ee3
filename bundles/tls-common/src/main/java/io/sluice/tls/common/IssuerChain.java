package io.sluice.tls.common;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer's chain as pairs of certificate and issuer, from the leaf up to (not including) a trust anchor.
 * The provider has already validated the chain; this only finds who signed what, so that revocation can be
 * asked of the right issuer whatever order or extra certificates the peer sent.
 */
record IssuerChain(List<Link> links) {

    record Link(X509Certificate cert, X509Certificate issuer) {
    }

    static IssuerChain of(X509Certificate[] sent, List<X509Certificate> anchors) {
        List<X509Certificate> candidates = new ArrayList<>(List.of(sent));
        candidates.addAll(anchors);
        List<Link> links = new ArrayList<>();
        X509Certificate cert = sent[0];
        // Bounded by the number of certificates: a loop of cross-signed certificates cannot spin.
        for (int i = 0; i < candidates.size() && !anchors.contains(cert); i++) {
            X509Certificate issuer = issuerOf(cert, candidates);
            if (issuer == null) {
                break;
            }
            links.add(new Link(cert, issuer));
            if (issuer.equals(cert)) {
                break;
            }
            cert = issuer;
        }
        return new IssuerChain(List.copyOf(links));
    }

    private static X509Certificate issuerOf(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, other key (an impostor or a re-keyed CA): keep looking
                }
            }
        }
        return null;
    }
}
