package io.sluice.tls.common;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * CRLfile / CRLpath. The leaf is checked as stunnel has OpenSSL check it (X509_V_FLAG_CRL_CHECK): a current CRL
 * of its issuer, signed by that issuer, is required, and a missing, badly signed or expired one fails the peer
 * as OpenSSL does ("unable to get certificate CRL", "CRL signature failure", "CRL has expired"). Above the leaf
 * Sluice is stricter than stunnel 5, which ignores revoked intermediates: a CA certificate is checked against its
 * issuer's CRL when one is loaded (so a revoked intermediate fails), but no CRL is required there, so every
 * configuration stunnel accepts still works. Indirect and delta CRLs are not supported.
 */
final class CrlCheck {

    private final List<X509CRL> crls;

    CrlCheck(List<X509CRL> crls) {
        this.crls = crls;
    }

    void check(IssuerChain chain) throws CertificateException {
        Date now = new Date();
        boolean leaf = true;
        for (IssuerChain.Link link : chain.links()) {
            X509CRL crl = crlOf(link.issuer(), leaf);
            leaf = false;
            if (crl == null) {
                continue;
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                throw new CertificateException("CRL of " + link.issuer().getSubjectX500Principal()
                        + " has expired (nextUpdate " + crl.getNextUpdate().toInstant() + ")");
            }
            if (crl.getThisUpdate().after(now)) {
                throw new CertificateException("CRL of " + link.issuer().getSubjectX500Principal()
                        + " is not yet valid (thisUpdate " + crl.getThisUpdate().toInstant() + ")");
            }
            X509CRLEntry entry = crl.getRevokedCertificate(link.cert());
            if (entry != null) {
                throw new CertificateException("certificate " + link.cert().getSubjectX500Principal() + " (serial "
                        + link.cert().getSerialNumber().toString(16) + ") is revoked (CRL of "
                        + link.issuer().getSubjectX500Principal() + ", since " + entry.getRevocationDate().toInstant()
                        + (entry.getRevocationReason() == null ? "" : ", " + entry.getRevocationReason()) + ")");
            }
        }
    }

    /** The newest CRL the issuer signed; null when there is none and none is required. */
    private X509CRL crlOf(X509Certificate issuer, boolean required) throws CertificateException {
        List<X509CRL> named = crls.stream()
                .filter(crl -> crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())).toList();
        List<X509CRL> signed = named.stream().filter(crl -> signedBy(crl, issuer)).toList();
        if (signed.isEmpty() && !required && named.isEmpty()) {
            return null;
        }
        if (signed.isEmpty()) {
            throw new CertificateException(named.isEmpty()
                    ? "no CRL of " + issuer.getSubjectX500Principal() + " in CRLfile/CRLpath (unable to get certificate CRL)"
                    : "CRL of " + issuer.getSubjectX500Principal() + " is not signed by its key (CRL signature failure)");
        }
        return signed.stream().max(Comparator.comparing(X509CRL::getThisUpdate)).orElseThrow();
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
