package io.sluice.api.protocol;

import java.net.InetSocketAddress;

/**
 * What a server-mode connection knows of its client once TLS is up, for a negotiator that passes
 * it on to the target (the PROXY protocol header, as HAProxy's {@code send-proxy-v2-ssl}).
 *
 * @param client          the client's address: the accepted peer, or the one a load balancer's
 *                        PROXY header named when the tunnel accepts one ({@code proxyProtocol})
 * @param local           the address the client connected to (the header's destination likewise)
 * @param tlsVersion      the negotiated protocol, e.g. {@code TLSv1.3}; null before TLS
 * @param cipherSuite     the negotiated suite, IANA name; null before TLS
 * @param serverName      the SNI host name the client sent, or null
 * @param alpn            the negotiated ALPN protocol, or null
 * @param peerCertificate whether the client presented a certificate
 * @param peerVerified    whether that certificate was verified (the tunnel verifies and the check passed)
 * @param peerCommonName  the CN of the client's certificate subject, or null when it sent none
 */
public record ConnectionFacts(
        InetSocketAddress client,
        InetSocketAddress local,
        String tlsVersion,
        String cipherSuite,
        String serverName,
        String alpn,
        boolean peerCertificate,
        boolean peerVerified,
        String peerCommonName) {
}
