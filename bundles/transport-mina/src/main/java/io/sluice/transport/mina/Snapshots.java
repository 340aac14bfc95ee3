package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** A connection as the admin's connection list shows it. */
final class Snapshots {

    private Snapshots() {
    }

    /** Caller holds the connection's lock. */
    static ConnectionInfo of(Connection c, Instant opened) {
        Side connected = c.target;
        SSLSession tls = c.tlsSession;
        return new ConnectionInfo(c.id(), c.spec.name(), ConnectionInfo.address(c.peer()),
                connected == null ? null : ConnectionInfo.address((InetSocketAddress) connected.session.getRemoteAddress()),
                opened, connected == null ? 0 : connected.written, c.client.written,
                tls == null ? null : tls.getProtocol(), tls == null ? null : tls.getCipherSuite(), peerSubject(tls));
    }

    private static String peerSubject(SSLSession tls) {
        if (tls == null) {
            return null;
        }
        try {
            return Logged.text(((X509Certificate) tls.getPeerCertificates()[0]).getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException e) {
            return null; // the peer sent no certificate (the usual case for clients)
        }
    }
}
