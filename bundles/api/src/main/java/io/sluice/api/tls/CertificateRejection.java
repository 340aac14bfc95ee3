package io.sluice.api.tls;

import javax.security.auth.x500.X500Principal;

/**
 * The certificate a peer was refused for, as stunnel names it ("Rejected by CERT at depth=N: NAME").
 *
 * @param depth   its place in the peer's chain, 0 for the peer's own certificate
 * @param subject its subject
 */
public record CertificateRejection(int depth, X500Principal subject) {
}
