package io.sluice.transport.mina;

import io.sluice.api.protocol.ConnectionFacts;
import io.sluice.api.transport.TunnelSpec;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What a finished handshake settled, kept for negotiators ({@link ConnectionFacts}) without the addresses. */
final class TlsFacts {

    private TlsFacts() {
    }

    /** @param verificationFailure why the peer's certificate failed the tunnel's checks, or null */
    static ConnectionFacts of(TunnelSpec spec, SSLEngine engine, String alpn, String verificationFailure) {
        SSLSession session = engine.getSession();
        X509Certificate peer = peerCertificate(session);
        // Verified: the tunnel checked the chain (the provider lists what it verified) and nothing failed.
        boolean verified = peer != null && verificationFailure == null && !spec.tls().verifiedChain(engine).isEmpty();
        return new ConnectionFacts(null, null, session.getProtocol(), session.getCipherSuite(), serverName(session),
                alpn, peer != null, verified, peer == null ? null : commonName(peer));
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate: the usual client
        }
    }

    private static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            try {
                List<SNIServerName> names = extended.getRequestedServerNames();
                for (SNIServerName name : names) {
                    if (name instanceof SNIHostName host) {
                        return host.getAsciiName();
                    }
                }
            } catch (UnsupportedOperationException e) {
                return null; // a provider that does not keep it
            }
        }
        return null;
    }

    static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) { // the most specific CN
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
