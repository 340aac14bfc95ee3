package io.sluice.transport.mina;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;

/**
 * TLS over an {@link SSLEngine} for one session. Written for the relay instead of MINA's
 * SslFilter, which caps queued writes at 64 (then throws), allocates 33 KB per wrap, runs
 * handshake tasks on a static pool and cannot half-close.
 *
 * <p>A slow handshake runs on the handshake pool, not on the I/O thread: a full handshake in Java
 * costs milliseconds of CPU and a certificate check may wait for an OCSP responder, and meanwhile
 * every other connection of that I/O thread would wait too. What arrives meanwhile queues behind it
 * in order; once the handshake is done and the queue empty, records are decrypted on the I/O thread.
 * A fast one (native crypto, no network) is given a direct executor and runs where its records
 * arrive, still one step at a time and in order.
 *
 * <p>Plaintext written before the handshake completes is held and sent after it. One plaintext
 * write becomes one network write holding as many records as it needs, so the write's future
 * completes when its ciphertext is on the wire. Writing {@link #CLOSE_NOTIFY} sends close_notify.
 */
final class TlsFilter extends IoFilterAdapter {

    /** Write this to send close_notify; the future completes once it is on the wire. */
    static final Object CLOSE_NOTIFY = new Object() {
        @Override
        public String toString() {
            return "close_notify";
        }
    };

    /** Told once about the handshake's outcome and once when the peer's stream ends. */
    interface Callback {
        void handshakeDone(IoSession session, SSLEngine engine);

        void handshakeFailed(IoSession session, Exception cause);

        /** Reads paused while too much waited for the handshake may go on, unless the relay holds them. */
        void resumeReads(IoSession session);
    }

    private final SSLEngine engine;
    private final Callback callback;
    /** Whether a TLS 1.2 renegotiation may run once the first handshake is done (stunnel's renegotiation). */
    private final boolean renegotiation;
    /** The handshake's work, then whatever arrived before it was done; then the I/O thread. */
    private final SerialQueue work;
    /** What was read behind the handshake's work, bounded by the watermarks. */
    private final Backlog backlog;
    private final Object wrapLock = new Object();
    /** Held until the handshake completes; guarded by wrapLock. */
    private final List<WriteRequest> held = new ArrayList<>();
    /** The most plaintext one TLS record carries. */
    private static final int MAX_FRAGMENT = 16384;
    /** Per thread: every thread that writes to a TLS session wraps into its own. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private NextFilter next;
    /** Ciphertext of an incomplete record; touched by one thread at a time, in the work's order. */
    private ByteBuffer partial;
    private volatile boolean handshakeDone;
    /**
     * The engine's buffer sizes, read once per phase: SSLEngine.getSession() takes the engine's
     * lock, and asking at every read and write made that lock the top CPU frame (JFR, bulk).
     */
    private volatile int packetSize;
    private volatile int appSize;
    private boolean failed;
    private boolean inputClosed;
    /** The peer's first bytes, to tell an HTTP request from other non-TLS; touched in the work's order. */
    private byte[] head;

    /** {@code handshakes} null: the handshake runs on the I/O thread. */
    TlsFilter(SSLEngine engine, Callback callback, Executor handshakes, Watermarks watermarks, boolean renegotiation) {
        this.engine = engine;
        this.callback = callback;
        this.backlog = new Backlog(watermarks, callback);
        this.renegotiation = renegotiation;
        this.work = new SerialQueue(handshakes);
        readSizes();
    }

    /** The sizes may grow once the handshake settles the session. */
    private void readSizes() {
        packetSize = engine.getSession().getPacketBufferSize();
        appSize = engine.getSession().getApplicationBufferSize();
    }

    @Override
    public void onPostAdd(IoFilterChain parent, String name, NextFilter nextFilter) throws Exception {
        next = nextFilter;
        IoSession session = parent.getSession();
        inOrder(() -> begin(session));
    }

    /** Runs the task behind the handshake's work while there is any, else right here. */
    private void inOrder(Runnable task) {
        if (!work.offer(task)) {
            task.run();
        }
    }

    private void begin(IoSession session) {
        try {
            engine.beginHandshake();
            advance(session, engine.getHandshakeStatus());
        } catch (SSLException | RuntimeException e) {
            fail(session, e);
        }
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) throws Exception {
        IoBuffer buffer = (IoBuffer) message;
        if (work.finished()) {
            // The relay's path after the handshake: no lock, no task per read.
            decrypt(nextFilter, session, buffer);
            return;
        }
        long n = buffer.remaining();
        Runnable decrypt = () -> {
            backlog.drained(session, n);
            if (!session.isClosing()) {
                decrypt(nextFilter, session, buffer);
            }
        };
        if (!work.offer(decrypt)) {
            decrypt(nextFilter, session, buffer);
            return;
        }
        backlog.added(session, n);
    }

    private void decrypt(NextFilter nextFilter, IoSession session, IoBuffer message) {
        ByteBuffer fresh = message.buf();
        if (head == null) {
            head = PlaintextRequest.head(fresh);
        }
        int leftover = partial == null ? 0 : partial.remaining();
        // The plaintext of all the records of one read goes into one buffer: a read of 64 KB holds
        // several records, and a buffer each would be garbage at every read. TLS plaintext is
        // never longer than its record; an overflow (a short read) gets a bigger buffer below.
        IoBuffer out = IoBuffer.allocate(leftover + fresh.remaining());
        try {
            if (partial != null) {
                // Only the record left over from the last read is completed by copying; the rest
                // of this read is decrypted where it lies (joining both copied every read whole).
                ByteBuffer head = Records.complete(partial, fresh);
                partial = null;
                out = unwrapAll(nextFilter, session, head, out);
                if (head.hasRemaining()) {
                    deliver(nextFilter, session, out);
                    partial = failed ? null : Records.concat(head, fresh);
                    return;
                }
            }
            if (out != null) {
                out = unwrapAll(nextFilter, session, fresh, out);
            }
            deliver(nextFilter, session, out);
        } catch (SSLException | RuntimeException e) {
            fail(session, e);
            return;
        }
        partial = fresh.hasRemaining() && !failed ? fresh : null;
    }

    /**
     * Unwraps the records of in into out, delivering plaintext before handshake events; returns
     * the buffer to go on with, or null once the peer's close_notify ended the stream.
     */
    private IoBuffer unwrapAll(NextFilter nextFilter, IoSession session, ByteBuffer in, IoBuffer out)
            throws SSLException {
        int stalled = 0;
        while (in.hasRemaining() && !failed) {
            SSLEngineResult result = engine.unwrap(in, out.buf());
            stalled = result.bytesConsumed() == 0 && result.bytesProduced() == 0 ? stalled + 1 : 0;
            if (stalled > MAX_STALLED_WRAPS) {
                throw new SSLException("the TLS engine makes no progress reading (" + result + ")");
            }
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                deliver(nextFilter, session, out);
                // The engine may want more room than it said at the handshake (Netty's grows): ask again.
                appSize = Math.max(appSize, engine.getSession().getApplicationBufferSize());
                out = IoBuffer.allocate(in.remaining() + appSize);
                continue;
            }
            if (result.getStatus() == Status.CLOSED) {
                deliver(nextFilter, session, out);
                signalInputClosed(nextFilter, session);
                return null;
            }
            if (handshakeDone && !renegotiation && renegotiating(result.getHandshakeStatus())) {
                // A client's renegotiation costs a full handshake of server CPU each time, on
                // demand: refused, it costs that connection (stunnel: renegotiation = no).
                throw new RenegotiationRefused();
            }
            if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING || !handshakeDone) {
                // Plaintext before a handshake event goes on first, in the order it came.
                deliver(nextFilter, session, out);
                out = IoBuffer.allocate(in.remaining() + appSize);
                advance(session, result.getHandshakeStatus());
            }
            if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                break;
            }
        }
        return out;
    }

    /**
     * A handshake message after the first handshake that makes the engine handshake again: in TLS
     * 1.2 a renegotiation (a ClientHello, or a server's HelloRequest); TLS 1.3 has none (its
     * KeyUpdate and tickets are no new handshake).
     */
    private boolean renegotiating(HandshakeStatus status) {
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED
                && !"TLSv1.3".equals(engine.getSession().getProtocol());
    }

    private static void deliver(NextFilter nextFilter, IoSession session, IoBuffer plaintext) {
        if (plaintext != null && plaintext.position() > 0) {
            plaintext.flip();
            nextFilter.messageReceived(session, plaintext);
        }
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession session) throws Exception {
        inOrder(() -> endOfInput(nextFilter, session));
    }

    private void endOfInput(NextFilter nextFilter, IoSession session) {
        if (!handshakeDone) {
            fail(session, new SSLException("peer closed the connection during the TLS handshake"));
            return;
        }
        // A TCP FIN without close_notify ends the stream as stunnel treats it: no reset.
        signalInputClosed(nextFilter, session);
    }

    private void signalInputClosed(NextFilter nextFilter, IoSession session) {
        if (!inputClosed) {
            inputClosed = true;
            nextFilter.inputClosed(session);
        }
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest request) throws Exception {
        synchronized (wrapLock) {
            if (!handshakeDone || !held.isEmpty()) {
                held.add(request);
                return;
            }
            encryptAndWrite(session, request);
        }
    }

    /** Caller holds wrapLock. */
    private void encryptAndWrite(IoSession session, WriteRequest request) throws SSLException {
        if (request.getMessage() == CLOSE_NOTIFY) {
            engine.closeOutbound();
            request.setMessage(wrap(ByteBuffer.allocate(0)));
        } else {
            request.setMessage(wrap(((IoBuffer) request.getMessage()).buf()));
        }
        next.filterWrite(session, request);
    }

    /** Caller holds wrapLock. All of src becomes records in one buffer. */
    private IoBuffer wrap(ByteBuffer src) throws SSLException {
        int packet = packetSize;
        if (src.remaining() > MAX_FRAGMENT) {
            return wrapRest(IoBuffer.allocate((1 + src.remaining() / MAX_FRAGMENT) * packet), src, packet);
        }
        // One record. The engine wants room for the largest record whatever it writes, and a
        // buffer of that size (16.7 KB) per small write was most of the garbage under request
        // load (young collections every 0.8 s, their pauses the p99 latency): it writes into a
        // scratch buffer of its thread, and only the record's bytes are copied out.
        ByteBuffer scratch = SCRATCH.get();
        if (scratch.capacity() < packet) {
            scratch = ByteBuffer.allocate(packet);
            SCRATCH.set(scratch);
        }
        scratch.clear();
        SSLEngineResult result = engine.wrap(src, scratch);
        IoBuffer out = IoBuffer.allocate(scratch.flip().remaining()).put(scratch);
        if (result.getStatus() != Status.BUFFER_OVERFLOW
                && (result.getStatus() == Status.CLOSED || !src.hasRemaining())) {
            return out.flip();
        }
        return wrapRest(out, src, packet);
    }

    /** Engine calls in a row that neither consume nor produce a byte before the connection is failed. */
    private static final int MAX_STALLED_WRAPS = 16;

    /** Caller holds wrapLock. Appends the records of what is left of src to out. */
    private IoBuffer wrapRest(IoBuffer out, ByteBuffer src, int packet) throws SSLException {
        int stalled = 0;
        while (true) {
            SSLEngineResult result = engine.wrap(src, out.buf());
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                // The engine may want more room than the size read at the handshake: a peer's
                // oversized record makes SunJSSE grow its packet size. expand(n) only ensures n
                // bytes remain, so ask for what remains plus the engine's size now.
                packet = Math.max(packet, engine.getSession().getPacketBufferSize());
                out.expand(out.remaining() + packet);
            } else if (result.getStatus() == Status.CLOSED || !src.hasRemaining()) {
                break;
            }
            stalled = result.bytesConsumed() == 0 && result.bytesProduced() == 0 ? stalled + 1 : 0;
            if (stalled > MAX_STALLED_WRAPS) {
                // A hostile peer must never keep a handshake thread spinning.
                throw new SSLException("the TLS engine makes no progress writing (" + result + ")");
            }
        }
        return out.flip();
    }

    /** Runs the handshake on as far as it can go without new input from the peer. */
    private void advance(IoSession session, HandshakeStatus status) throws SSLException {
        int emptyReads = 0;
        while (true) {
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    status = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    synchronized (wrapLock) {
                        IoBuffer out = wrap(ByteBuffer.allocate(0));
                        if (out.hasRemaining()) {
                            next.filterWrite(session, new DefaultWriteRequest(out));
                        }
                    }
                    status = engine.getHandshakeStatus();
                    if (engine.isOutboundDone()) {
                        return;
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    if (!handshakeDone) {
                        finishHandshake(session);
                    }
                    status = engine.getHandshakeStatus();
                    if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
                        return;
                    }
                }
                default -> {
                    // NEED_UNWRAP: wait for the peer, unless the engine can go on with what it holds.
                    HandshakeStatus after = emptyReads++ < MAX_STALLED_WRAPS ? unwrapHeld(session) : status;
                    if (after == HandshakeStatus.NEED_UNWRAP) {
                        return;
                    }
                    status = after;
                }
            }
        }
    }

    /**
     * An unwrap of no input. BoringSSL (Netty's engine) acts on a record only at the unwrap after
     * the one that took it in: fed a TLS 1.2 server's Finished, it still says NEED_UNWRAP, and the
     * server, having sent its last flight, sends nothing more (issue 21: a client tunnel hung
     * against openssl s_server -tls1_2). SunJSSE and BCJSSE answer BUFFER_UNDERFLOW and no change.
     */
    private HandshakeStatus unwrapHeld(IoSession session) throws SSLException {
        SSLEngineResult result = engine.unwrap(ByteBuffer.allocate(0), ByteBuffer.allocate(0));
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            // Plaintext already behind the handshake: only then a buffer for it.
            IoBuffer out = IoBuffer.allocate(appSize);
            result = engine.unwrap(ByteBuffer.allocate(0), out.buf());
            deliver(next, session, out);
        }
        return result.getHandshakeStatus();
    }

    private void finishHandshake(IoSession session) throws SSLException {
        readSizes();
        synchronized (wrapLock) {
            handshakeDone = true;
            for (WriteRequest request : held) {
                encryptAndWrite(session, request);
            }
            held.clear();
        }
        work.retire();
        callback.handshakeDone(session, engine);
    }

    private void fail(IoSession session, Exception cause) {
        if (failed) {
            return;
        }
        failed = true;
        if (!handshakeDone) {
            Exception failure = PlaintextRequest.of(head, cause);
            if (!OpenSslErrors.noAlert(failure)) {
                sendAlert(session);
            }
            callback.handshakeFailed(session, failure);
        } else {
            session.getFilterChain().fireExceptionCaught(cause);
        }
    }

    /** The engine has an alert ready after a failure; the peer deserves to see why. */
    private void sendAlert(IoSession session) {
        try {
            synchronized (wrapLock) {
                engine.closeOutbound();
                IoBuffer out = wrap(ByteBuffer.allocate(0));
                if (out.hasRemaining()) {
                    next.filterWrite(session, new DefaultWriteRequest(out));
                }
            }
        } catch (SSLException | RuntimeException ignored) {
            // The connection is being closed anyway.
        }
    }

    SSLEngine engine() {
        return engine;
    }
}
