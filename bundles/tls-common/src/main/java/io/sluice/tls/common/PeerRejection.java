package io.sluice.tls.common;

import io.sluice.api.tls.CertificateRejection;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A peer's certificate refused by {@link PeerVerifier}, with the one it was refused for. Its message
 * and cause are the check's own, so the failure reads as before; the provider carries it up as the
 * cause of its handshake exception, where {@link #in(Throwable)} finds it again.
 */
public final class PeerRejection extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final transient CertificateRejection rejection;

    private PeerRejection(CertificateException check, CertificateRejection rejection) {
        super(check.getMessage(), check);
        this.rejection = rejection;
    }

    /** The depth is the PKIX validator's where it names one (a CA up the chain), else the peer's own certificate. */
    static PeerRejection of(CertificateException check, X509Certificate[] chain) {
        int depth = 0;
        for (Throwable t = check; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException pkix && pkix.getIndex() >= 0 && pkix.getIndex() < chain.length) {
                depth = pkix.getIndex();
                break;
            }
        }
        return new PeerRejection(check, new CertificateRejection(depth, chain[depth].getSubjectX500Principal()));
    }

    public static Optional<CertificateRejection> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerRejection rejected) {
                return Optional.of(rejected.rejection);
            }
        }
        return Optional.empty();
    }
}
