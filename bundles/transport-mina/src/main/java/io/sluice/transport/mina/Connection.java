package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.transport.ConnectionObserver;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnelled connection from accept to close: it walks its tunnel's {@link Route} one stage at
 * a time and holds what the stages learn. Its lock guards the two {@link Side}s and every field
 * the stages change after the first one.
 */
final class Connection implements TlsFilter.Callback {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    final Host host;
    private final long id = IDS.incrementAndGet();
    private final Instant opened = Instant.now();
    final Side client;
    /** The connect side, once connected; guarded by this. */
    Side target;
    /** The listening tunnel's spec, or the secondary service's its client asked for by SNI. */
    volatile TunnelSpec spec;
    private volatile Route route;
    /** The index of the stage running now; guarded by this. */
    private int stage = -1;
    /** Whether the targets were chosen for this connection (SNI, redirect, a negotiator), not by failover. */
    volatile boolean routed;
    /** The targets this connection tries, in order: the tunnel's, or those chosen for it. */
    volatile List<Target> targets;
    /** Client mode: the server TLS is meant for, named by a negotiator (the target behind a proxy); null: the target. */
    volatile InetSocketAddress tlsPeer;
    /** The client and its destination as a load balancer's PROXY header named them; null: the socket's. */
    private volatile InetSocketAddress proxiedClient;
    private volatile InetSocketAddress proxiedLocal;
    /** Server mode: what the TLS handshake with the client settled, addresses aside; null before it. */
    volatile io.sluice.api.protocol.ConnectionFacts tlsFacts;
    /** The negotiator's per-connection attributes; created by the first negotiation step. */
    Map<String, Object> negotiationAttributes;
    /** From accept until the relay starts: TIMEOUThandshake over every stage; guarded by this. */
    private ScheduledFuture<?> setupDeadline;
    /** The relay's TIMEOUTclose; guarded by this. */
    ScheduledFuture<?> timer;
    /** What the TLS handshake settled, for the connection list; null before it; guarded by this. */
    SSLSession tlsSession;
    /** System.currentTimeMillis() before the engine was made: a session older than this was resumed. */
    long handshakeStarted;
    /** The relay's state; guarded by this. */
    final Relay.State relay = new Relay.State();
    private boolean finished;
    /** Counted against the tunnel's limits; until the relay starts, as a connection in setup. */
    private boolean admitted;
    private boolean inSetup;
    /** An error chose how each side ends; guarded by this. */
    private boolean ending;
    /**
     * With reset = yes, the sides an error ended with a RST, for stunnel's closing line: its
     * "reset", "reset/closed" (remote side / local side) or "closed"; guarded by this.
     */
    private boolean tlsReset;
    private boolean plainReset;

    Connection(Host host, TunnelSpec spec, Route route, IoSession accepted) {
        this.host = host;
        this.spec = spec;
        this.route = route;
        this.client = new Side(this, true, !spec.client());
        this.targets = spec.targets();
        client.session = accepted;
    }

    String tag() {
        return "Service [" + spec.name() + "] #" + id;
    }

    long id() {
        return id;
    }

    /** On the accepted session's open, before any read. */
    void start() {
        spec.observer().opened();
        LOG.debug("{} accepted connection{}", tag(), Stdio.from(peer()));
        client.session.suspendRead();
        String refusal = host.admit(source());
        if (refusal != null) {
            spec.observer().refused(ConnectionObserver.LIMITS);
            LOG.debug("{} Connection rejected: {}", tag(), refusal); // stunnel's words
            reset(true, true);
            Sockets.abort(client.session, spec.socketOptions().reset());
            return;
        }
        synchronized (this) {
            admitted = true;
            inSetup = true;
            setupDeadline = host.timer().schedule(this::setupTimedOut, spec.timeouts().handshake().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        next();
    }

    /**
     * One deadline over the whole setup (access check, negotiation, server name, DNS, dialing, TLS):
     * a client that dribbles bytes to each stage in turn cannot hold its connection longer.
     */
    private void setupTimedOut() {
        Stage now;
        synchronized (this) {
            if (relay.relaying || finished) {
                return;
            }
            now = route.get(Math.max(stage, 0));
        }
        long seconds = spec.timeouts().handshake().toSeconds();
        spec.observer().handshakeFailed("TIMEOUThandshake exceeded");
        kill(now instanceof Handshake ? "TLS handshake not done within " + seconds + " s (TIMEOUThandshake)"
                : "setup not done within " + seconds + " s (TIMEOUThandshake), at stage " + now.name());
    }

    /** The relay starts: the setup is over. Caller holds the lock. */
    void setupDone() {
        if (setupDeadline != null) {
            setupDeadline.cancel(false);
        }
        if (inSetup) {
            inSetup = false;
            host.setupEnded();
        }
    }

    /**
     * Blocking work of a stage (a negotiator, DNS, starting a program) on the bounded worker pool.
     * Whatever it throws ends this connection only, said once; a full pool refuses the setup.
     */
    void work(Runnable task) {
        try {
            host.workers().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("{} closed after an internal error: {}", tag(), e.toString(), e);
                    kill();
                }
            });
        } catch (RejectedExecutionException e) {
            spec.observer().refused(ConnectionObserver.BUSY);
            LOG.info("{} setup refused: every worker is busy ({})", tag(), e.getMessage());
            kill();
        }
    }

    /**
     * The client's address, for the per-source limit; null for a program or standard input. The
     * accepted peer, as counted at accept before any header: the same address must be released.
     */
    private InetAddress source() {
        InetSocketAddress peer = acceptedPeer();
        return peer == null || ProcessSession.is(client.session) ? null : peer.getAddress();
    }

    /** The client: the accepted peer, or the one its load balancer's PROXY header named. */
    InetSocketAddress peer() {
        InetSocketAddress named = proxiedClient;
        return named != null ? named : acceptedPeer();
    }

    /** Where the client connected to: the accepted socket's address, or the PROXY header's destination. */
    InetSocketAddress local() {
        InetSocketAddress named = proxiedLocal;
        return named != null ? named : (InetSocketAddress) client.session.getLocalAddress();
    }

    /** The accepted socket's peer: with a PROXY header, the load balancer. */
    InetSocketAddress acceptedPeer() {
        return (InetSocketAddress) client.session.getRemoteAddress();
    }

    /** A PROXY header named the client; null, null: the connection is the load balancer's own (LOCAL, UNKNOWN). */
    void proxied(InetSocketAddress named, InetSocketAddress destination) {
        proxiedClient = named;
        proxiedLocal = destination;
    }

    void proxiedLog(InetSocketAddress balancer, int version) {
        LOG.debug("{} PROXY v{} header from {}: client {}", tag(), version, ConnectionInfo.address(balancer),
                proxiedClient == null ? "not named (the load balancer's own connection)"
                        : ConnectionInfo.address(proxiedClient) + ", to " + ConnectionInfo.address(proxiedLocal));
    }

    /** The current stage is done: the next one starts, on this thread. */
    void next() {
        Stage now;
        synchronized (this) {
            if (finished || client.closed) {
                return;
            }
            now = route.get(++stage);
        }
        now.enter(this);
    }

    /** Redirect: the stages between here and the dialer do not apply to a client sent elsewhere. */
    void nextDial() {
        synchronized (this) {
            for (int i = stage + 1; i < route.size(); i++) {
                if (route.get(i) instanceof Dialer) {
                    stage = i - 1;
                    break;
                }
            }
        }
        next();
    }

    /**
     * SNI chose a secondary service: from here on the connection is that service's, counted
     * there, and walks that service's route from its start.
     */
    void switchTo(TunnelSpec chosen) {
        spec.observer().closed();
        chosen.observer().opened();
        synchronized (this) {
            spec = chosen;
            targets = chosen.targets();
            routed = true;
            route = host.route(chosen);
            stage = -1;
        }
    }

    /** Server mode: a negotiator chose the target (an HTTP CONNECT request); resolved when dialled. */
    void chooseTarget(InetSocketAddress unresolved) {
        targets = List.of(new Target(unresolved.getHostString(), unresolved));
        routed = true;
    }

    /** Ends the connection at once, dropping unsent data; the reason goes to the debug log. */
    void kill(String reason) {
        LOG.debug("{} {}", tag(), reason);
        kill();
    }

    /**
     * Closes both sides now, dropping unsent data; with stunnel's {@code reset = yes} (its default)
     * the sockets are reset (RST), as stunnel ends a connection on an error.
     */
    void kill() {
        closeBoth(true);
    }

    /**
     * Closes both sides now with a FIN, whatever reset says: stunnel's TIMEOUTclose is no error
     * (its transfer returns normally, "Connection closed").
     */
    void end(String reason) {
        LOG.debug("{} {}", tag(), reason);
        closeBoth(false);
    }

    private void closeBoth(boolean error) {
        IoSession a;
        IoSession b;
        synchronized (this) {
            a = client.session;
            b = target == null ? null : target.session;
        }
        reset(error, error);
        boolean reset = error && spec.socketOptions().reset();
        Sockets.abort(a, reset);
        if (b != null) {
            Sockets.abort(b, reset);
        }
    }

    // ---- events of the two sessions (SessionHandler) --------------------------------------------

    /** The target session is open (on its I/O thread, before its first read). */
    void targetOpened(Side side) {
        synchronized (this) {
            if (finished || client.closed) {
                side.session.closeNow();
                return;
            }
            target = side;
        }
        if (!ProcessSession.is(side.session)) { // exec: "Local mode child started" said it
            LOG.debug("{} connected remote server from {}", tag(),
                    ConnectionInfo.address((InetSocketAddress) side.session.getLocalAddress()));
        }
        next();
    }

    void received(Side from, IoBuffer buffer) {
        Relay.received(this, from, buffer);
    }

    void inputClosed(Side side) {
        Relay.inputClosed(this, side);
    }

    void idle(Side side) {
        kill("transfer: TIMEOUTidle exceeded: closing");
    }

    void failed(Side side, Throwable cause) {
        if (cause instanceof RenegotiationRefused) {
            spec.observer().handshakeFailed("renegotiation refused");
            kill(cause.getMessage()); // stunnel's words
            return;
        }
        kill(side.name() + " side failed: " + Logged.text(Causes.reason(cause)));
    }

    void sessionClosed(Side side) {
        synchronized (this) {
            side.closed = true;
            if (side.channel != null) {
                side.channel.endOfStream(); // a negotiator waiting on it returns now, not at TIMEOUTbusy
            }
            Side other = side == client ? target : client;
            if (other != null && !other.closed) {
                if (inSetup) {
                    // A side that ends before the relay is a failed setup: stunnel's reset = yes resets the other.
                    if (reset(true, true)) { // unless a failed handshake chose already
                        Sockets.armReset(other.session, spec.socketOptions().reset());
                    }
                }
                // Let what was already relayed reach the other peer, then close.
                other.session.closeOnFlush();
                return;
            }
            if (finished) {
                return;
            }
            finished = true;
            if (setupDeadline != null) {
                setupDeadline.cancel(false);
            }
            if (timer != null) {
                timer.cancel(false);
            }
            if (admitted) {
                host.released(source(), inSetup);
                admitted = false;
            }
        }
        Side tlsSide = client.tls ? client : target;
        Side plainSide = client.tls ? target : client;
        LOG.debug("{} Connection {}: {} byte(s) sent to TLS, {} byte(s) sent to socket", tag(), closeStatus(),
                tlsSide == null ? 0 : tlsSide.written,
                plainSide == null ? 0 : plainSide.written - ProcessSession.dropped(plainSide.session));
        spec.observer().closed();
        host.finished(this);
    }

    /**
     * An error ends the connection: with reset = yes, these sides go with a RST. The first error
     * decides; false when one did before.
     */
    synchronized boolean reset(boolean tls, boolean plain) {
        if (ending) {
            return false;
        }
        ending = true;
        if (spec.socketOptions().reset()) {
            tlsReset = tls;
            plainReset = plain;
        }
        return true;
    }

    /** stunnel's word for how the sockets ended: the remote (connect) side's, then the local side's. */
    private synchronized String closeStatus() {
        boolean remote = client.tls ? plainReset : tlsReset;
        boolean local = client.tls ? tlsReset : plainReset;
        return remote == local ? (remote ? "reset" : "closed") : remote ? "reset/closed" : "closed/reset";
    }

    synchronized boolean finished() {
        return finished;
    }

    // ---- TLS (TlsFilter's callbacks, for the Handshake stage) ------------------------------------

    @Override
    public void handshakeDone(IoSession session, SSLEngine engine) {
        Handshake.done(this, engine);
    }

    @Override
    public void handshakeFailed(IoSession session, Exception cause) {
        Handshake.failed(this, session, cause);
    }

    @Override
    public void resumeReads(IoSession session) {
        synchronized (this) {
            Side side = session == client.session ? client : target;
            if (side != null && !side.closed) {
                // Not yet relaying, what arrives is held and reading pauses again (received).
                Relay.resume(side);
            }
        }
    }

    /** A snapshot for the connection list. */
    synchronized ConnectionInfo info() {
        return Snapshots.of(this, opened);
    }
}
