package io.sluice.transport.mina;

import io.sluice.api.transport.ConnectionObserver;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts TLS on the connection's TLS side (the client in server mode, the target in client mode)
 * and waits for the handshake, within TIMEOUThandshake. What that side sent before (a ClientHello
 * peeked at for SNI, sent right behind STARTTLS) is fed to TLS first. With stunnel's
 * {@code redirect}, a client that fails verification is sent to the redirect targets instead.
 */
final class Handshake extends Stage {

    static final Handshake STAGE = new Handshake("TLS");
    static final Handshake REDIRECTING = new Handshake("TLS, failed verification redirected");

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private Handshake(String name) {
        super(name);
    }

    @Override
    void enter(Connection c) {
        Side side = c.spec.client() ? c.target : c.client;
        if (!side.accepted) {
            // A target just connected reads until now; the accepted side has been paused since accept.
            side.session.suspendRead();
        }
        SSLEngine engine = engine(c, side);
        synchronized (c) {
            List<IoBuffer> raw = new ArrayList<>(side.held);
            side.held.clear();
            side.session.getFilterChain().addFirst("tls", new TlsFilter(engine, c, handshakes(c),
                    c.host.watermarks(), c.spec.renegotiation()));
            for (IoBuffer buffer : raw) {
                side.session.getFilterChain().fireMessageReceived(buffer);
            }
        }
        side.session.resumeRead();
    }

    /**
     * The handshake pool for a context whose handshakes may hold a thread; else the thread that
     * delivers each record (a SerialQueue on a direct executor still keeps them in order, one at a time).
     */
    private static Executor handshakes(Connection c) {
        return c.spec.tls().slowHandshakes() ? c.host.handshakes() : Runnable::run;
    }

    /** A server names its peer by address; a client by the host it means (a negotiator's, or the target's). */
    private static SSLEngine engine(Connection c, Side side) {
        InetSocketAddress remote = (InetSocketAddress) side.session.getRemoteAddress();
        InetSocketAddress named = c.tlsPeer;
        c.handshakeStarted = System.currentTimeMillis();
        if (side.accepted) {
            return c.spec.tls().newEngine(remote.getAddress().getHostAddress(), remote.getPort());
        }
        if (named != null) {
            return c.spec.tls().newEngine(named.getHostString(), named.getPort());
        }
        return c.spec.tls().newEngine(targetHost(c, remote), remote.getPort());
    }

    /**
     * The configured name of the target connected: the connection's own list, which holds the names
     * of targets resolved only now (delay = yes) beside their addresses.
     */
    private static String targetHost(Connection c, InetSocketAddress remote) {
        for (Target t : c.targets) {
            if (t.address().equals(remote)) {
                return t.host();
            }
        }
        return remote.getAddress().getHostAddress();
    }

    static void done(Connection c, SSLEngine engine) {
        TunnelSpec spec = c.spec;
        long started;
        synchronized (c) {
            started = c.handshakeStarted;
            c.tlsSession = engine.getSession();
        }
        boolean resumed = spec.tls().resumed(engine, started);
        String alpn = engine.getApplicationProtocol();
        alpn = alpn == null || alpn.isEmpty() ? null : alpn;
        spec.observer().handshakeDone(resumed, alpn, Math.max(0, System.currentTimeMillis() - started));
        String psk = Logged.text(spec.tls().pskIdentity(engine)); // the client chose it
        log(c, engine, resumed, alpn, psk);
        String failure = spec.client() ? null : spec.tls().verificationFailure(engine);
        if (!spec.client()) {
            c.tlsFacts = TlsFacts.of(spec, engine, alpn, failure);
        }
        if (failure != null && !spec.redirect().isEmpty()) {
            failure = Logged.text(failure);
            LOG.debug("{} Redirecting connection ({})", c.tag(), failure);
            spec.observer().handshakeFailed(failure);
            c.targets = spec.redirect();
            c.routed = true;
            c.nextDial();
        } else if (failure != null) {
            spec.observer().refused(ConnectionObserver.VERIFICATION);
            failed(c, c.client.session, new SSLHandshakeException(failure)); // a server's check
        } else {
            c.next();
        }
    }

    /** stunnel's lines of a handshake done, at debug. */
    private static void log(Connection c, SSLEngine engine, boolean resumed, String alpn, String psk) {
        TunnelSpec spec = c.spec;
        if (psk != null && !spec.client() && !resumed) { // a resumed session looks no key up
            LOG.debug("{} Key configured for PSK identity \"{}\"", c.tag(), psk); // stunnel's words (LOG5)
        }
        // stunnel's words, from the top of the chain down to the peer's own certificate.
        List<X509Certificate> verified = LOG.isDebugEnabled() ? spec.tls().verifiedChain(engine) : List.of();
        for (int depth = verified.size() - 1; depth >= 0; depth--) {
            LOG.debug("{} Certificate accepted at depth={}: {}", c.tag(), depth,
                    Logged.text(Programs.openSslName(verified.get(depth).getSubjectX500Principal())));
        }
        // stunnel's lines (a server's full handshake by a pre-shared key says "PSK", as stunnel 5.75);
        // what stunnel does not log follows on lines of Sluice's own.
        LOG.debug("{} TLS {}: {}", c.tag(), spec.client() ? "connected" : "accepted",
                resumed ? "previous session reused" : psk != null && !spec.client() ? "PSK" : "new session negotiated");
        String suite = engine.getSession().getCipherSuite();
        int bits = suite.contains("_256_") || suite.contains("CHACHA20") ? 256 : suite.contains("_128_") ? 128 : 0;
        LOG.debug("{} {} ciphersuite: {}{}", c.tag(), engine.getSession().getProtocol(), suite,
                bits == 0 ? "" : " (" + bits + "-bit encryption)");
        if (alpn != null) {
            LOG.debug("{} ALPN protocol negotiated: {}", c.tag(), alpn);
        }
        if (psk != null) {
            LOG.debug("{} PSK identity: {}", c.tag(), psk);
        }
    }

    static void failed(Connection c, IoSession session, Exception cause) {
        TunnelSpec spec = c.spec;
        String reason = Logged.text(Causes.reason(cause)); // may quote the peer's names
        spec.observer().handshakeFailed(reason);
        if (OpenSslErrors.revoked(cause)) {
            LOG.debug("{} CERT: Pre-verification error: certificate revoked", c.tag()); // OpenSSL's X509 error
        }
        spec.tls().rejection(cause).ifPresent(rejected -> {
            spec.observer().refused(ConnectionObserver.VERIFICATION);
            LOG.debug("{} Rejected by CERT at depth={}: {}", c.tag(), rejected.depth(),
                    Logged.text(Programs.openSslName(rejected.subject())));
        });
        String call = spec.client() ? "SSL_connect" : "SSL_accept";
        Optional<OpenSslErrors.Error> openssl = OpenSslErrors.of(cause);
        if (openssl.isPresent()) {
            // stunnel's "SSL_accept: FILE:LINE: error:..." with the provider in place of OpenSSL's source file;
            // filters match the reason at the end of the line, so Sluice's own words follow on their own.
            LOG.debug("{} {}: {}:0: {}", c.tag(), call, spec.tls().providerName(), openssl.get().text());
            LOG.debug("{} TLS handshake failed: {}", c.tag(), OpenSslErrors.explained(cause, reason));
        } else {
            LOG.debug("{} {}: {}", c.tag(), call, reason);
        }
        // An alert went out or came in (the TLS filter queued ours): this side closes normally for it
        // to leave and the other is reset with reset = yes, as stunnel ("Connection reset/closed").
        // OpenSSL sends no alert to a peer that does not speak TLS: both sides are reset then.
        boolean alert = !OpenSslErrors.noAlert(cause);
        c.reset(!alert, true);
        IoSession other;
        synchronized (c) {
            other = session == c.client.session ? (c.target == null ? null : c.target.session) : c.client.session;
        }
        if (other != null) {
            // Armed first: this side's close may close the other (sessionClosed) before the line below.
            Sockets.armReset(other, spec.socketOptions().reset());
        }
        if (alert) {
            session.closeOnFlush();
        } else {
            Sockets.abort(session, spec.socketOptions().reset());
        }
        if (other != null) {
            other.closeNow();
        }
    }
}
