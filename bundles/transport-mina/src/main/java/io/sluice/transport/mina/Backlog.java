package io.sluice.transport.mina;

import org.apache.mina.core.session.IoSession;

/**
 * Ciphertext read while the handshake's work still runs, queued behind it and not yet decrypted:
 * beyond the high-water mark the session stops reading, below the low one it reads again. A peer
 * may stream data right behind its Finished while its certificate is still being checked: memory
 * stays bounded as in the relay.
 */
final class Backlog {

    private final Watermarks watermarks;
    /** Resumes the session's reads, unless the relay holds them. */
    private final TlsFilter.Callback callback;
    /** Bytes queued; guarded by this. */
    private long queued;
    /** Whether reads are paused because queued went over the high-water mark; guarded by this. */
    private boolean paused;

    Backlog(Watermarks watermarks, TlsFilter.Callback callback) {
        this.watermarks = watermarks;
        this.callback = callback;
    }

    synchronized void added(IoSession session, long n) {
        queued += n;
        if (queued > watermarks.highBytes() && !paused) {
            paused = true;
            // Under the lock: a drain on another thread must not resume before this suspends.
            session.suspendRead();
        }
    }

    void drained(IoSession session, long n) {
        synchronized (this) {
            queued -= n;
            if (queued >= watermarks.lowBytes() || !paused) {
                return;
            }
            paused = false;
        }
        // Outside the lock: the connection's lock is taken first where it calls into the filter.
        callback.resumeReads(session);
    }
}
