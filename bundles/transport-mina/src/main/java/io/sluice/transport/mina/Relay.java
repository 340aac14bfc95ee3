package io.sluice.transport.mina;

import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;

/**
 * The last stage and the hot path: what one side reads is written to the other; reading pauses
 * while the other side holds too much unsent data (the host's {@link Watermarks}), so memory per
 * connection stays bounded; the end of one side's input becomes the end of the other's output
 * once everything before it is out (half-close), and TIMEOUTclose bounds the wait for the rest.
 * Every method runs under the connection's lock or takes it.
 */
final class Relay extends Stage {

    static final Relay STAGE = new Relay();


    /** A connection's relay state; guarded by the connection. */
    static final class State {
        boolean relaying;
        /** System.nanoTime() when relayed data last moved, read or written; for TIMEOUTclose. */
        long lastTraffic;
    }

    private Relay() {
        super("relay");
    }


    @Override
    void enter(Connection c) {
        synchronized (c) {
            c.setupDone();
            c.relay.relaying = true;
            c.relay.lastTraffic = System.nanoTime();
            flushHeld(c, c.client, c.target);
            flushHeld(c, c.target, c.client);
            resume(c.client);
            resume(c.target);
            propagateEndOfStream(c, c.client, c.target);
            propagateEndOfStream(c, c.target, c.client);
        }
    }

    /** Caller holds the lock. */
    private static void flushHeld(Connection c, Side from, Side to) {
        IoBuffer buffer;
        while ((buffer = from.held.poll()) != null) {
            send(c, from, to, buffer);
        }
    }

    /** Caller holds the lock. */
    static void resume(Side side) {
        if (!side.inputDone && !side.throttled) {
            side.session.resumeRead();
        }
    }

    /** Before the relay, what a side sends goes to its negotiator or waits, with reading paused. */
    static void received(Connection c, Side from, IoBuffer buffer) {
        ClientHello.Result hello;
        synchronized (c) {
            if (from.hello == null) {
                if (from.channel != null) {
                    from.channel.offer(buffer);
                } else if (!c.relay.relaying) {
                    from.held.add(buffer);
                    from.session.suspendRead();
                } else {
                    send(c, from, from == c.client ? c.target : c.client, buffer);
                }
                return;
            }
            hello = ServerNameRouting.offer(from, buffer);
        }
        if (hello != null) {
            ServerNameRouting.decided(c, hello);
        }
    }

    /** Caller holds the lock. */
    private static void send(Connection c, Side from, Side to, IoBuffer buffer) {
        int n = buffer.remaining();
        if (n == 0) {
            return;
        }
        if (from == c.client) {
            c.spec.observer().bytesIn(n);
        } else {
            c.spec.observer().bytesOut(n);
        }
        c.relay.lastTraffic = System.nanoTime();
        to.written += n;
        to.pendingBytes += n;
        to.pendingWrites++;
        if (!from.throttled && c.host.watermarks().above(to.pendingBytes, to.pendingWrites)) {
            from.throttled = true;
            from.session.suspendRead();
        }
        WriteFuture future = to.session.write(buffer);
        future.addListener(f -> written(c, from, to, n, (WriteFuture) f));
    }

    private static void written(Connection c, Side from, Side to, int n, WriteFuture future) {
        synchronized (c) {
            to.pendingBytes -= n;
            to.pendingWrites--;
            if (!future.isWritten()) {
                return; // the session is closing; sessionClosed takes it from here
            }
            c.relay.lastTraffic = System.nanoTime();
            if (from.throttled && c.host.watermarks().below(to.pendingBytes, to.pendingWrites)) {
                from.throttled = false;
                resume(from);
            }
            propagateEndOfStream(c, from, to);
        }
    }

    /** The side's peer sent FIN (or close_notify). */
    static void inputClosed(Connection c, Side side) {
        synchronized (c) {
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
            if (side.hello != null) {
                side.hello = null;
                c.kill("SNI: no ClientHello: the client closed its side");
                return;
            }
            if (!c.relay.relaying) {
                if (side.held.isEmpty()) {
                    c.kill();
                }
                return;
            }
            propagateEndOfStream(c, side, side == c.client ? c.target : c.client);
        }
    }

    /** Caller holds the lock. Half-close: once all of from's data is out, end to's output. */
    private static void propagateEndOfStream(Connection c, Side from, Side to) {
        if (!from.inputDone || !from.held.isEmpty() || to.pendingWrites > 0 || to.outputShut || to.closed) {
            return;
        }
        to.outputShut = true;
        if (to.tls) {
            to.session.write(TlsFilter.CLOSE_NOTIFY).addListener(f -> afterOutputShut(c, to));
        } else {
            afterOutputShut(c, to);
        }
        if (c.spec.timeouts().close().isZero()) {
            return; // afterOutputShut ends the connection once the end of stream is out
        }
        if (c.timer == null || c.timer.isDone()) {
            c.timer = c.host.timer().schedule(() -> closeTimedOut(c), c.spec.timeouts().close().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static void afterOutputShut(Connection c, Side side) {
        Sockets.shutdownOutput(side.session);
        if (c.spec.timeouts().close().isZero()) {
            // stunnel's TIMEOUTclose = 0: once one direction has ended, do not wait for the other.
            c.end("transfer: TIMEOUTclose = 0: closing");
            return;
        }
        synchronized (c) {
            Side client = c.client;
            Side target = c.target;
            if (client.inputDone && target.inputDone && client.outputShut && target.outputShut) {
                client.session.closeOnFlush();
                target.session.closeOnFlush();
            }
        }
    }

    /** TIMEOUTclose counts from the half-close or the last traffic after it, whichever is later. */
    private static void closeTimedOut(Connection c) {
        synchronized (c) {
            if (c.finished()) {
                return;
            }
            long quiet = System.nanoTime() - c.relay.lastTraffic;
            long limit = c.spec.timeouts().close().toNanos();
            if (quiet < limit) {
                c.timer = c.host.timer().schedule(() -> closeTimedOut(c), limit - quiet, TimeUnit.NANOSECONDS);
                return;
            }
        }
        c.end("transfer: TIMEOUTclose exceeded: closing");
    }
}
