package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.access.AccessDecision;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnelled connection from accept to close. Server mode: access check, TLS handshake,
 * [negotiation before it], connect, relay. Client mode: access check, connect, [negotiation],
 * TLS handshake, relay. Relay: what one side reads is written to the other; reading pauses while
 * the other side holds too much unsent data, so memory per connection stays bounded.
 */
final class Connection implements TlsFilter.Callback {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** Backpressure watermarks, per direction. */
    static final long HIGH_WATER_BYTES = 256 * 1024;
    static final long LOW_WATER_BYTES = 64 * 1024;
    static final int HIGH_WATER_WRITES = 64;
    static final int LOW_WATER_WRITES = 16;

    private final MinaListener listener;
    /** The listening tunnel's spec, or the secondary service's its client asked for by SNI. */
    private volatile TunnelSpec spec;
    /** Whether SNI chose another service than the listening tunnel (its targets, from the first). */
    private volatile boolean routed;
    private final long id = IDS.incrementAndGet();
    private final Side client;
    private Side target;
    private boolean relaying;
    private boolean finished;
    private ScheduledFuture<?> timer;
    private final Instant opened = Instant.now();
    /** What the TLS handshake settled, for the connection list; null before it. */
    private SSLSession tlsSession;
    /** System.currentTimeMillis() before the engine was made: a session older than this was resumed. */
    private long handshakeStarted;
    /** The negotiator's per-connection attributes; created by the first negotiation step. */
    private Map<String, Object> negotiationAttributes;
    /**
     * Client mode: the server TLS is meant for, named by the negotiator (the real target behind an
     * HTTP proxy); null: the connect target's host. Set on the worker before startTls reads it.
     */
    private volatile InetSocketAddress tlsPeer;
    /**
     * Server mode: the target the negotiator chose in its afterHandshake step (an HTTP CONNECT
     * request), unresolved; null: the tunnel's connect list.
     */
    private volatile InetSocketAddress chosenTarget;
    /** The targets this connection tries, in order: the tunnel's, or those chosenTarget resolved to. */
    private volatile List<Target> targets;
    /** System.nanoTime() when relayed data last moved, read or written; for TIMEOUTclose. */
    private long lastTraffic;

    Connection(MinaListener listener, IoSession accepted) {
        this.listener = listener;
        this.spec = listener.spec();
        this.client = new Side(this, true, !spec.client());
        this.targets = spec.targets();
        client.session = accepted;
    }

    private String tag() {
        return "Service [" + spec.name() + "] #" + id;
    }

    Side clientSide() {
        return client;
    }

    // ---- setup ---------------------------------------------------------------------------

    /** On the accepted session's open, before any read. */
    void start() {
        spec.observer().opened();
        InetSocketAddress peer = (InetSocketAddress) client.session.getRemoteAddress();
        LOG.debug("{} accepted connection from {}", tag(), Addresses.format(peer));
        client.session.suspendRead();
        if (spec.access() == null) {
            afterAccess();
            return;
        }
        try {
            spec.access().check(spec.name(), peer, (InetSocketAddress) client.session.getLocalAddress()).toCompletableFuture()
                    .orTimeout(spec.timeouts().busy().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((decision, error) -> accessDecided(peer, decision, error));
        } catch (RuntimeException e) {
            accessDecided(peer, null, e);
        }
    }

    private void accessDecided(InetSocketAddress peer, AccessDecision decision, Throwable error) {
        if (allowed(peer, decision, error)) {
            afterAccess();
        }
    }

    /** False, with the refusal counted, logged in stunnel's words and the connection closed, unless allowed. */
    private boolean allowed(InetSocketAddress peer, AccessDecision decision, Throwable error) {
        if (error != null || decision == null || !decision.allowed()) {
            spec.observer().refused();
            // stunnel's line to the letter (fail2ban filters match it), with the deciding rule after
            // it; libwrap is the only access policy a tunnel can select (libwrap = yes).
            LOG.info("Service [{}] REFUSED by libwrap from {} ({})", spec.name(), Addresses.format(peer),
                    error != null ? "the check failed: " + error
                            : decision == null ? "no decision" : decision.rule());
            client.session.closeNow();
            return false;
        }
        return true;
    }

    /**
     * On the worker, after an SNI switch: the chosen service's access policy decides too, under
     * its own name, as stunnel checks libwrap again for a secondary service.
     */
    private boolean allowedBySecondary() {
        InetSocketAddress peer = (InetSocketAddress) client.session.getRemoteAddress();
        try {
            AccessDecision decision = spec.access().check(spec.name(), peer,
                    (InetSocketAddress) client.session.getLocalAddress()).toCompletableFuture()
                    .get(spec.timeouts().busy().toMillis(), TimeUnit.MILLISECONDS);
            return allowed(peer, decision, null);
        } catch (ExecutionException e) {
            return allowed(peer, null, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            return allowed(peer, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return allowed(peer, null, e);
        }
    }

    private void afterAccess() {
        if (spec.client()) {
            connect(firstTarget(), 0);
        } else if (spec.negotiator() != null) {
            negotiate(client, null);
        } else if (spec.sni() != null && spec.sni().active()) {
            routeByServerName();
        } else {
            startTls(client, List.of());
        }
    }

    /**
     * Server mode with secondary services (stunnel's {@code sni = SERVICE:PATTERN}): reads the
     * ClientHello on a worker (it may come in pieces), lets the router pick the service by the
     * name asked for, then starts TLS with that service's context on the bytes read.
     */
    private void routeByServerName() {
        synchronized (this) {
            client.channel = new BlockingChannel(client.session, spec.timeouts().busy().toMillis());
        }
        listener.workers().execute(() -> {
            ClientHello.Result hello;
            try {
                hello = ClientHello.read(client.channel);
            } catch (IOException e) {
                LOG.debug("{} SNI: no ClientHello: {}", tag(), e.toString());
                kill();
                return;
            }
            String name = hello.serverName();
            if (name == null) {
                LOG.debug("{} SNI: no servername received", tag());
            } else {
                LOG.debug("{} SNI: requested servername: {}", tag(), name);
                TunnelSpec chosen = routeOrNull(name);
                if (chosen != null) {
                    LOG.debug("{} SNI: switched to service [{}]", tag(), chosen.name());
                    // From here on the connection counts for the service it is served by.
                    spec.observer().closed();
                    chosen.observer().opened();
                    spec = chosen;
                    targets = chosen.targets();
                    routed = true;
                    if (chosen.access() != null && !allowedBySecondary()) {
                        return;
                    }
                } else {
                    LOG.debug("{} SNI: no pattern matched servername: {}", tag(), name);
                }
            }
            List<IoBuffer> early = new ArrayList<>();
            early.add(IoBuffer.wrap(hello.consumed()));
            synchronized (this) {
                early.addAll(endNegotiation(client));
            }
            startTls(client, early);
        });
    }

    private TunnelSpec routeOrNull(String serverName) {
        try {
            return spec.sni().route(serverName);
        } catch (RuntimeException e) {
            LOG.debug("{} SNI: routing {} failed, staying with this service: {}", tag(), serverName, e.toString());
            return null;
        }
    }

    /** The first target to try: the listener's failover choice, or the chosen service's first. */
    private int firstTarget() {
        return routed ? 0 : listener.firstTarget();
    }

    private void connect(int first, int attempt) {
        if (attempt == 0 && spec.connect() instanceof ConnectSide.Program program && !routed) {
            // exec with accept (stunnel's local mode): a program takes the place of the targets.
            Programs.startLocal(listener, spec, program.exec(), tag(), new Side(this, false, spec.client()),
                    client.session);
            return;
        }
        if (attempt == 0 && targets.stream().anyMatch(t -> t.address().isUnresolved())) {
            // delay = yes: resolve now, on a worker (DNS blocks), then try the addresses found.
            listener.workers().execute(() -> {
                if (resolveTargets()) {
                    connect(first, 0);
                }
            });
            return;
        }
        if (attempt >= targets.size()) {
            LOG.debug("{} No more addresses to connect", tag());
            spec.observer().connectFailed("no more addresses to connect");
            client.session.closeNow();
            return;
        }
        Target t = targets.get((first + attempt) % targets.size());
        LOG.debug("{} s_connect: connecting {}", tag(), t);
        Side side = new Side(this, false, spec.client());
        ConnectFuture future = listener.connector().connect(t.address(),
                (session, f) -> {
                    session.setAttribute(SessionHandler.SIDE, side);
                    ProcessorPool.shareProcessor(session, client.session);
                });
        future.addListener(f -> {
            ConnectFuture cf = (ConnectFuture) f;
            if (!cf.isConnected()) {
                LOG.debug("{} s_connect: connect {}: {}", tag(), t, Addresses.reason(cf.getException()));
                connect(first, attempt + 1);
            }
        });
    }

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
            LOG.debug("{} connected remote server from {}", tag(), Addresses.format((InetSocketAddress) side.session.getLocalAddress()));
        }
        if (!spec.client()) {
            if (spec.negotiator() != null) {
                negotiateWithTarget(side, client);
            } else {
                startRelay();
            }
        } else if (spec.negotiator() != null) {
            negotiate(side, client);
        } else {
            side.session.suspendRead();
            startTls(side, List.of());
        }
    }

    private void negotiate(Side tlsSide, Side plainSide) {
        long busy = spec.timeouts().busy().toMillis();
        synchronized (this) {
            tlsSide.channel = new BlockingChannel(tlsSide.session, busy);
            if (plainSide != null) {
                plainSide.channel = new BlockingChannel(plainSide.session, busy);
            }
        }
        NegotiationContext context = newContext(tlsSide.channel, plainSide == null ? null : plainSide.channel);
        listener.workers().execute(() -> {
            if (!negotiated(() -> spec.negotiator().negotiate(context))) {
                return;
            }
            List<IoBuffer> early;
            synchronized (this) {
                early = endNegotiation(tlsSide);
                if (plainSide != null) {
                    plainSide.held.addAll(endNegotiation(plainSide));
                }
            }
            startTls(tlsSide, early);
        });
    }

    /**
     * Server mode, TLS up and the target just connected: the negotiator may consume what the
     * target says first (an SMTP greeting the client already had from Sluice) and answer the
     * client (HTTP CONNECT's 200). Meanwhile what the client sends waits in its channel (or held
     * queue), and goes to the target when the relay starts.
     */
    private void negotiateWithTarget(Side side, Side tlsClient) {
        PlainChannel clientChannel;
        synchronized (this) {
            side.channel = new BlockingChannel(side.session, spec.timeouts().busy().toMillis());
            clientChannel = tlsClient.channel;
        }
        NegotiationContext context = newContext(clientChannel, side.channel);
        listener.workers().execute(() -> {
            if (!negotiated(() -> spec.negotiator().targetConnected(context))) {
                return;
            }
            synchronized (this) {
                side.held.addAll(endNegotiation(side));
                if (tlsClient.channel != null) {
                    tlsClient.held.addAll(endNegotiation(tlsClient));
                }
            }
            startRelay();
        });
    }

    /**
     * Server mode, TLS up with the client: the negotiator reads and writes the client's data
     * inside TLS and may choose the target (HTTP CONNECT). The client's channel stays open until
     * the target is connected, so that the negotiator can answer the client then.
     */
    private void negotiateInsideTls() {
        synchronized (this) {
            client.channel = new BlockingChannel(client.session, spec.timeouts().busy().toMillis());
            // Application data decrypted along with the handshake's last flight came first.
            IoBuffer early;
            while ((early = client.held.poll()) != null) {
                client.channel.offer(early);
            }
        }
        Context context = newContext(client.channel, null, true);
        listener.workers().execute(() -> {
            boolean ok = negotiated(() -> spec.negotiator().afterHandshake(context));
            context.mayConnect = false; // a context kept by the negotiator cannot redirect later
            if (!ok || !resolveChosenTarget()) {
                return;
            }
            connect(chosenTarget == null ? firstTarget() : 0, 0);
        });
    }

    /**
     * On the worker, after afterHandshake: the negotiator's target becomes the one to resolve and
     * connect. False, with the connection closed, when it does not resolve.
     */
    private boolean resolveChosenTarget() {
        InetSocketAddress chosen = chosenTarget;
        if (chosen == null) {
            return true;
        }
        targets = List.of(new Target(chosen.getHostString(),
                InetSocketAddress.createUnresolved(chosen.getHostString(), chosen.getPort())));
        return resolveTargets();
    }

    /**
     * On a worker (blocking DNS is fine here, never on an I/O thread): every unresolved target
     * becomes all addresses its name has now. False, with the connection closed, when none resolves.
     */
    private boolean resolveTargets() {
        List<Target> resolved = new ArrayList<>();
        String failed = null;
        for (Target t : targets) {
            if (!t.address().isUnresolved()) {
                resolved.add(t);
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(t.address().getHostString())) {
                    resolved.add(new Target(t.host(), new InetSocketAddress(address, t.address().getPort())));
                }
            } catch (UnknownHostException e) {
                LOG.debug("{} No remote host resolved: {}", tag(), t.address().getHostString());
                failed = t.address().getHostString();
            }
        }
        if (resolved.isEmpty()) {
            spec.observer().connectFailed("cannot resolve " + failed);
            kill();
            return false;
        }
        targets = resolved;
        return true;
    }

    private Context newContext(PlainChannel tlsSide, PlainChannel plainSide) {
        return newContext(tlsSide, plainSide, false);
    }

    /** {@code mayConnect}: the step may choose the target (afterHandshake). */
    private synchronized Context newContext(PlainChannel tlsSide, PlainChannel plainSide, boolean mayConnect) {
        if (negotiationAttributes == null) {
            negotiationAttributes = new ConcurrentHashMap<>();
        }
        return new Context(tlsSide, plainSide, negotiationAttributes, mayConnect);
    }

    /** A negotiator call that may refuse the connection. */
    private interface Step {
        void run() throws IOException;
    }

    /** Runs a negotiator step; when it fails, counts a refusal, logs why, closes both sides and answers false. */
    private boolean negotiated(Step step) {
        try {
            step.run();
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a hot-deployed plugin built against another API must not leave the
            // connection hanging on a dead worker.
            spec.observer().refused();
            LOG.debug("{} protocol negotiation failed: {}", tag(), e.toString());
            kill();
            return false;
        }
    }

    /**
     * Caller holds the lock. Takes a side away from its negotiator: returns what it did not read,
     * in order, and leaves reading paused until TLS or the relay resumes it.
     */
    private List<IoBuffer> endNegotiation(Side side) {
        List<IoBuffer> rest = side.channel.drain();
        side.channel = null;
        side.session.suspendRead();
        return rest;
    }

    /**
     * Puts TLS on a side whose reads are suspended. {@code early} is what arrived before and the
     * negotiator did not read, which belongs to the TLS stream (a ClientHello sent right after a
     * STARTTLS answer, or peeked at for implicit TLS); plaintext there fails the handshake.
     */
    private void startTls(Side side, List<IoBuffer> early) {
        InetSocketAddress remote = (InetSocketAddress) side.session.getRemoteAddress();
        InetSocketAddress named = tlsPeer;
        SSLEngine engine;
        handshakeStarted = System.currentTimeMillis();
        if (side.accepted) {
            engine = spec.tls().newEngine(remote.getAddress().getHostAddress(), remote.getPort());
        } else if (named != null) {
            engine = spec.tls().newEngine(named.getHostString(), named.getPort());
        } else {
            engine = spec.tls().newEngine(targetHost(remote), remote.getPort());
        }
        List<IoBuffer> raw;
        synchronized (this) {
            raw = new ArrayList<>(early);
            raw.addAll(side.held);
            side.held.clear();
            timer = listener.timer().schedule(() -> handshakeTimedOut(side),
                    spec.timeouts().handshake().toMillis(), TimeUnit.MILLISECONDS);
            side.session.getFilterChain().addFirst("tls", new TlsFilter(engine, this, listener.handshakes()));
            for (IoBuffer buffer : raw) {
                side.session.getFilterChain().fireMessageReceived(buffer);
            }
        }
        side.session.resumeRead();
    }

    private String targetHost(InetSocketAddress remote) {
        for (Target t : spec.targets()) {
            if (t.address().equals(remote)) {
                return t.host();
            }
        }
        return remote.getAddress().getHostAddress();
    }

    private void handshakeTimedOut(Side side) {
        synchronized (this) {
            if (relaying || finished) {
                return;
            }
        }
        spec.observer().handshakeFailed("TIMEOUThandshake exceeded");
        LOG.debug("{} TLS handshake not done within {} s (TIMEOUThandshake)", tag(), spec.timeouts().handshake().toSeconds());
        kill();
    }

    @Override
    public void handshakeDone(IoSession session, SSLEngine engine) {
        long started;
        synchronized (this) {
            started = handshakeStarted;
            tlsSession = engine.getSession();
            if (timer != null) {
                timer.cancel(false);
            }
        }
        boolean resumed = spec.tls().resumed(engine, started);
        String alpn = engine.getApplicationProtocol();
        alpn = alpn == null || alpn.isEmpty() ? null : alpn;
        spec.observer().handshakeDone(resumed, alpn);
        String psk = spec.tls().pskIdentity(engine);
        if (psk != null && !spec.client()) {
            LOG.debug("{} Key configured for PSK identity \"{}\"", tag(), psk); // stunnel's words (LOG5)
        }
        // stunnel's words, from the top of the chain down to the peer's own certificate.
        List<X509Certificate> verified = LOG.isDebugEnabled() ? spec.tls().verifiedChain(engine) : List.of();
        for (int depth = verified.size() - 1; depth >= 0; depth--) {
            LOG.debug("{} Certificate accepted at depth={}: {}", tag(), depth,
                    Programs.openSslName(verified.get(depth).getSubjectX500Principal()));
        }
        // stunnel's wording up to the comma (log filters match it), then what was negotiated. A
        // server authenticated by a pre-shared key says "PSK" there, as stunnel does.
        LOG.debug("{} TLS {}: {}, {} {}{}{}", tag(), spec.client() ? "connected" : "accepted",
                psk != null && !spec.client() ? "PSK" : resumed ? "previous session reused" : "new session negotiated",
                engine.getSession().getProtocol(), engine.getSession().getCipherSuite(),
                alpn == null ? "" : ", ALPN " + alpn, psk == null ? "" : ", PSK identity " + psk);
        String failure = spec.client() ? null : spec.tls().verificationFailure(engine);
        if (failure != null && !spec.redirect().isEmpty()) {
            LOG.debug("{} Redirecting connection ({})", tag(), failure);
            spec.observer().handshakeFailed(failure);
            targets = spec.redirect();
            routed = true;
            connect(0, 0);
        } else if (failure != null) {
            handshakeFailed(session, new javax.net.ssl.SSLHandshakeException(failure));
        } else if (spec.client()) {
            startRelay();
        } else if (spec.negotiator() != null) {
            negotiateInsideTls();
        } else {
            connect(firstTarget(), 0);
        }
    }

    @Override
    public void handshakeFailed(IoSession session, Exception cause) {
        String reason = Addresses.reason(cause);
        spec.observer().handshakeFailed(reason);
        spec.tls().rejection(cause).ifPresent(rejected -> LOG.debug("{} Rejected by CERT at depth={}: {}", tag(),
                rejected.depth(), Programs.openSslName(rejected.subject())));
        LOG.debug("{} SSL_{}: {}", tag(), spec.client() ? "connect" : "accept", reason);
        // The TLS filter queued an alert for the peer (why it failed): let it out, unlike kill().
        IoSession other;
        synchronized (this) {
            other = session == client.session ? (target == null ? null : target.session) : client.session;
        }
        session.closeOnFlush();
        if (other != null) {
            other.closeNow();
        }
    }

    @Override
    public void resumeReads(IoSession session) {
        synchronized (this) {
            Side side = session == client.session ? client : target;
            if (side != null && !side.closed) {
                // Not yet relaying, what arrives is held and reading pauses again (received).
                resume(side);
            }
        }
    }

    // ---- relay ---------------------------------------------------------------------------

    private void startRelay() {
        synchronized (this) {
            relaying = true;
            lastTraffic = System.nanoTime();
            flushHeld(client, target);
            flushHeld(target, client);
            resume(client);
            resume(target);
            propagateEndOfStream(client, target);
            propagateEndOfStream(target, client);
        }
    }

    /** Caller holds the lock. */
    private void flushHeld(Side from, Side to) {
        IoBuffer buffer;
        while ((buffer = from.held.poll()) != null) {
            send(from, to, buffer);
        }
    }

    private void resume(Side side) {
        if (!side.inputDone && !side.throttled) {
            side.session.resumeRead();
        }
    }

    void received(Side from, IoBuffer buffer) {
        synchronized (this) {
            if (from.channel != null) {
                from.channel.offer(buffer);
            } else if (!relaying) {
                from.held.add(buffer);
                from.session.suspendRead();
            } else {
                send(from, from == client ? target : client, buffer);
            }
        }
    }

    /** Caller holds the lock. */
    private void send(Side from, Side to, IoBuffer buffer) {
        int n = buffer.remaining();
        if (n == 0) {
            return;
        }
        if (from == client) {
            spec.observer().bytesIn(n);
        } else {
            spec.observer().bytesOut(n);
        }
        lastTraffic = System.nanoTime();
        to.written += n;
        to.pendingBytes += n;
        to.pendingWrites++;
        if (!from.throttled && (to.pendingBytes > HIGH_WATER_BYTES || to.pendingWrites > HIGH_WATER_WRITES)) {
            from.throttled = true;
            from.session.suspendRead();
        }
        WriteFuture future = to.session.write(buffer);
        future.addListener(f -> written(from, to, n, (WriteFuture) f));
    }

    private void written(Side from, Side to, int n, WriteFuture future) {
        synchronized (this) {
            to.pendingBytes -= n;
            to.pendingWrites--;
            if (!future.isWritten()) {
                return; // the session is closing; sessionClosed takes it from here
            }
            lastTraffic = System.nanoTime();
            if (from.throttled && to.pendingBytes < LOW_WATER_BYTES && to.pendingWrites < LOW_WATER_WRITES) {
                from.throttled = false;
                resume(from);
            }
            propagateEndOfStream(from, to);
        }
    }

    /** The side's peer sent FIN (or close_notify). */
    void inputClosed(Side side) {
        synchronized (this) {
            if (side.inputDone) {
                return;
            }
            side.inputDone = true;
            // MINA keeps reporting a closed input as readable: stop asking.
            side.session.suspendRead();
            if (side.channel != null) {
                side.channel.endOfStream();
                return;
            }
            if (!relaying) {
                if (side.held.isEmpty()) {
                    kill();
                }
                return;
            }
            propagateEndOfStream(side, side == client ? target : client);
        }
    }

    /** Caller holds the lock. Half-close: once all of from's data is out, end to's output. */
    private void propagateEndOfStream(Side from, Side to) {
        if (!from.inputDone || !from.held.isEmpty() || to.pendingWrites > 0 || to.outputShut || to.closed) {
            return;
        }
        to.outputShut = true;
        if (to.tls) {
            to.session.write(TlsFilter.CLOSE_NOTIFY).addListener(f -> afterOutputShut(to));
        } else {
            afterOutputShut(to);
        }
        if (spec.timeouts().close().isZero()) {
            return; // afterOutputShut ends the connection once the end of stream is out
        }
        if (timer == null || timer.isDone()) {
            timer = listener.timer().schedule(this::closeTimedOut, spec.timeouts().close().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void afterOutputShut(Side side) {
        Sockets.shutdownOutput(side.session);
        if (spec.timeouts().close().isZero()) {
            // stunnel's TIMEOUTclose = 0: once one direction has ended, do not wait for the other.
            LOG.debug("{} transfer: TIMEOUTclose = 0: closing", tag());
            kill();
            return;
        }
        synchronized (this) {
            if (client.inputDone && target.inputDone && client.outputShut && target.outputShut) {
                client.session.closeOnFlush();
                target.session.closeOnFlush();
            }
        }
    }

    /** TIMEOUTclose counts from the half-close or the last traffic after it, whichever is later. */
    private void closeTimedOut() {
        synchronized (this) {
            if (finished) {
                return;
            }
            long quiet = System.nanoTime() - lastTraffic;
            long limit = spec.timeouts().close().toNanos();
            if (quiet < limit) {
                timer = listener.timer().schedule(this::closeTimedOut, limit - quiet, TimeUnit.NANOSECONDS);
                return;
            }
        }
        LOG.debug("{} transfer: TIMEOUTclose exceeded: closing", tag());
        kill();
    }

    void idle(Side side) {
        LOG.debug("{} transfer: TIMEOUTidle exceeded: closing", tag());
        kill();
    }

    void failed(Side side, Throwable cause) {
        LOG.debug("{} {} side failed: {}", tag(), side.name(), Addresses.reason(cause));
        kill();
    }

    /** Closes both sides now, dropping unsent data. */
    void kill() {
        IoSession a;
        IoSession b;
        synchronized (this) {
            a = client.session;
            b = target == null ? null : target.session;
        }
        a.closeNow();
        if (b != null) {
            b.closeNow();
        }
    }

    void sessionClosed(Side side) {
        synchronized (this) {
            side.closed = true;
            Side other = side == client ? target : client;
            if (other != null && !other.closed) {
                // Let what was already relayed reach the other peer, then close.
                other.session.closeOnFlush();
                return;
            }
            if (finished) {
                return;
            }
            finished = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        Side tlsSide = client.tls ? client : target;
        Side plainSide = client.tls ? target : client;
        LOG.debug("{} Connection closed: {} byte(s) sent to TLS, {} byte(s) sent to socket", tag(),
                tlsSide == null ? 0 : tlsSide.written,
                plainSide == null ? 0 : plainSide.written - ProcessSession.dropped(plainSide.session));
        spec.observer().closed();
        listener.finished(this);
    }

    long id() {
        return id;
    }

    /** A snapshot for the connection list. */
    synchronized ConnectionInfo info() {
        Side connected = target;
        String peerSubject = null;
        if (tlsSession != null) {
            try {
                peerSubject = ((X509Certificate) tlsSession.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException e) {
                // the peer sent no certificate (the usual case for clients)
            }
        }
        return new ConnectionInfo(id, spec.name(), Addresses.format((InetSocketAddress) client.session.getRemoteAddress()),
                connected == null ? null : Addresses.format((InetSocketAddress) connected.session.getRemoteAddress()),
                opened, connected == null ? 0 : connected.written, client.written,
                tlsSession == null ? null : tlsSession.getProtocol(),
                tlsSession == null ? null : tlsSession.getCipherSuite(), peerSubject);
    }

    /** What a negotiator sees: channels and the tunnel's protocol options. */
    private final class Context implements NegotiationContext {
        private final PlainChannel tlsSide;
        private final PlainChannel plainSide;
        private final Map<String, Object> attributes;
        /** Only during afterHandshake. */
        private volatile boolean mayConnect;

        Context(PlainChannel tlsSide, PlainChannel plainSide, Map<String, Object> attributes, boolean mayConnect) {
            this.tlsSide = tlsSide;
            this.plainSide = plainSide;
            this.attributes = attributes;
            this.mayConnect = mayConnect;
        }

        @Override
        public String tunnelName() {
            return spec.name();
        }

        @Override
        public boolean client() {
            return spec.client();
        }

        @Override
        public Map<String, String> options() {
            return spec.protocolOptions();
        }

        @Override
        public PlainChannel tlsSide() {
            return tlsSide;
        }

        @Override
        public PlainChannel plainSide() {
            return plainSide;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public void tlsPeer(String host, int port) {
            if (!spec.client() || tlsSide == null) {
                throw new IllegalStateException("tlsPeer: no TLS client handshake follows this step");
            }
            if (host == null || host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("tlsPeer: bad host or port: " + host + ":" + port);
            }
            // Unresolved: the name is what TLS checks and sends; nothing is connected to it here.
            tlsPeer = InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public void connectTo(String host, int port) {
            if (!mayConnect) {
                throw new IllegalStateException("connectTo: only in the afterHandshake step of server mode");
            }
            if (host == null || host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("connectTo: bad host or port: " + host + ":" + port);
            }
            chosenTarget = InetSocketAddress.createUnresolved(host, port);
        }
    }
}
