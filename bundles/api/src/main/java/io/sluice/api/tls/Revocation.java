package io.sluice.api.tls;

import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;

/**
 * How the peer's chain is checked for revocation, as stunnel's CRLfile / CRLpath / OCSP / OCSPaia /
 * OCSPrequire / TIMEOUTocsp say.
 *
 * @param crls         loaded CRLs; when non-empty, the peer's leaf needs a current CRL of its issuer (as stunnel
 *                     has OpenSSL check it), and each CA certificate above it is checked against its issuer's
 *                     CRL when one is loaded
 * @param ocspUrl      fixed OCSP responder for the peer's leaf (OCSP), or null
 * @param ocspAia      ask the responder named in the leaf's Authority Information Access (OCSPaia)
 * @param ocspRequire  true (fail closed): an inconclusive OCSP answer (no responder reachable, an unusable
 *                     or "unknown" answer) refuses the peer; false (fail open) lets it through
 * @param ocspTimeout  to connect to and read from the responder
 */
public record Revocation(List<X509CRL> crls, URI ocspUrl, boolean ocspAia, boolean ocspRequire, Duration ocspTimeout) {

    public static final Revocation NONE = new Revocation(List.of(), null, false, true, Duration.ofSeconds(5));

    public Revocation {
        crls = List.copyOf(crls);
    }

    public boolean checksCrls() {
        return !crls.isEmpty();
    }

    public boolean checksOcsp() {
        return ocspUrl != null || ocspAia;
    }
}
