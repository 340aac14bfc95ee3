package io.sluice.transport.mina;

import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.transport.ConnectionObserver;
import java.io.IOException;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A protocol negotiator's step, on a worker (negotiators block on their channels). Four hooks,
 * four places in the route: before TLS (SMTP's STARTTLS, either mode), inside TLS before the
 * target is dialled (server mode: HTTP CONNECT chooses the target), with the target connected
 * before the relay (server mode: the target's SMTP greeting), and with the server inside TLS
 * before the relay (client mode: SMTP AUTH).
 */
final class Negotiation extends Stage {

    static final Negotiation BEFORE_TLS = new Negotiation(Hook.BEFORE_TLS);
    static final Negotiation INSIDE_TLS = new Negotiation(Hook.INSIDE_TLS);
    static final Negotiation WITH_TARGET = new Negotiation(Hook.WITH_TARGET);
    static final Negotiation SERVER_INSIDE_TLS = new Negotiation(Hook.SERVER_INSIDE_TLS);

    private enum Hook {
        BEFORE_TLS("negotiate before TLS"),
        INSIDE_TLS("negotiate inside TLS"),
        WITH_TARGET("negotiate with target"),
        SERVER_INSIDE_TLS("negotiate with the server inside TLS");

        final String label;

        Hook(String label) {
            this.label = label;
        }
    }

    private final Hook hook;

    private Negotiation(Hook hook) {
        super(hook.label);
        this.hook = hook;
    }

    @Override
    void enter(Connection c) {
        switch (hook) {
            case BEFORE_TLS -> beforeTls(c);
            case INSIDE_TLS -> insideTls(c);
            case WITH_TARGET -> withTarget(c);
            case SERVER_INSIDE_TLS -> serverInsideTls(c);
        }
    }

    /**
     * The TLS side is the client in server mode, the target in client mode; in client mode the
     * plaintext client is the negotiator's other channel. What the TLS side sent that the
     * negotiator did not read belongs to the TLS stream (a ClientHello right behind STARTTLS).
     */
    private static void beforeTls(Connection c) {
        Side tlsSide = c.spec.client() ? c.target : c.client;
        Side plainSide = c.spec.client() ? c.client : null;
        long busy = c.spec.timeouts().busy().toMillis();
        NegotiationScope scope;
        synchronized (c) {
            tlsSide.channel = channel(tlsSide, busy);
            if (plainSide != null) {
                plainSide.channel = channel(plainSide, busy);
            }
            scope = NegotiationScope.of(c, tlsSide.channel, plainSide == null ? null : plainSide.channel, false);
        }
        c.work(() -> {
            if (!run(c, negotiator -> negotiator.negotiate(scope))) {
                return;
            }
            synchronized (c) {
                List<IoBuffer> early = end(tlsSide);
                for (int i = early.size() - 1; i >= 0; i--) {
                    tlsSide.held.addFirst(early.get(i));
                }
                if (plainSide != null) {
                    plainSide.held.addAll(end(plainSide));
                }
            }
            c.next();
        });
    }

    /**
     * Server mode, TLS up with the client: the negotiator reads and writes the client's data
     * inside TLS and may choose the target. The client's channel stays open until the target is
     * connected, so that the negotiator can answer the client then.
     */
    private static void insideTls(Connection c) {
        NegotiationScope scope;
        synchronized (c) {
            // Application data decrypted along with the handshake's last flight came first.
            c.client.channel = channel(c.client, c.spec.timeouts().busy().toMillis());
            scope = NegotiationScope.of(c, c.client.channel, null, true);
        }
        c.work(() -> {
            boolean ok = run(c, negotiator -> negotiator.afterHandshake(scope));
            scope.closeConnectTo(); // a context kept by the negotiator cannot redirect later
            if (!ok) {
                return;
            }
            if (scope.chosenTarget() != null) {
                c.chooseTarget(scope.chosenTarget());
            }
            c.next();
        });
    }

    /**
     * Server mode, TLS up and the target just connected: the negotiator may consume what the
     * target says first and answer the client. Meanwhile what the client sends waits in its
     * channel (or held queue), and goes to the target when the relay starts.
     */
    private static void withTarget(Connection c) {
        Side target = c.target;
        NegotiationScope scope;
        synchronized (c) {
            target.channel = new BlockingChannel(target.session, c.spec.timeouts().busy().toMillis());
            scope = NegotiationScope.of(c, c.client.channel, target.channel, false);
        }
        c.work(() -> {
            if (!run(c, negotiator -> negotiator.targetConnected(scope))) {
                return;
            }
            synchronized (c) {
                target.held.addAll(end(target));
                if (c.client.channel != null) {
                    c.client.held.addAll(end(c.client));
                }
            }
            c.next();
        });
    }

    /** Caller holds the lock. A channel that starts with what the side sent before (behind a PROXY header). */
    private static BlockingChannel channel(Side side, long busy) {
        BlockingChannel channel = new BlockingChannel(side.session, busy);
        IoBuffer early;
        while ((early = side.held.poll()) != null) {
            channel.offer(early);
        }
        return channel;
    }

    /**
     * Client mode, TLS up with the server: the negotiator reads and writes the server's data
     * inside TLS. The local client stays paused; what it sent meanwhile, and what the negotiator
     * leaves unread from the server, is relayed afterwards.
     */
    private static void serverInsideTls(Connection c) {
        Side server = c.target;
        NegotiationScope scope;
        synchronized (c) {
            // Application data decrypted along with the handshake's last flight came first.
            server.channel = channel(server, c.spec.timeouts().busy().toMillis());
            scope = NegotiationScope.of(c, server.channel, null, false);
        }
        c.work(() -> {
            if (!run(c, negotiator -> negotiator.afterClientHandshake(scope))) {
                return;
            }
            synchronized (c) {
                server.held.addAll(end(server));
            }
            c.next();
        });
    }

    /** A negotiator call that may refuse the connection. */
    private interface Step {
        void run(ProtocolNegotiator negotiator) throws IOException;
    }

    /** Runs a step; when it fails, counts a refusal, says why and closes both sides. */
    private static boolean run(Connection c, Step step) {
        try {
            step.run(c.spec.negotiator());
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a hot-deployed plugin built against another API must not leave the
            // connection hanging on a dead worker.
            c.spec.observer().refused(ConnectionObserver.NEGOTIATION);
            c.kill("protocol negotiation failed: " + Logged.text(e.toString())); // may quote the peer
            return false;
        }
    }

    /**
     * Caller holds the lock. Takes a side away from its negotiator: returns what it did not read,
     * in order, and leaves reading paused until TLS or the relay resumes it.
     */
    static List<IoBuffer> end(Side side) {
        List<IoBuffer> rest = side.channel.drain();
        side.channel = null;
        side.session.suspendRead();
        return rest;
    }
}
