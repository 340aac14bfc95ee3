package io.sluice.transport.mina;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's SimpleIoProcessorPool (one NIO processor per core plus one, a session stays on one), with
 * two changes to suspending and resuming a session's reads, which the relay does all the time.
 *
 * <p>MINA's {@code suspendRead}/{@code resumeRead} end in {@link NioProcessor#updateTrafficControl},
 * which reads the selection key's interest set and writes it back changed, on the calling thread.
 * The relay resumes a side's reads from the other side's I/O thread (where a write completed),
 * while the side's own I/O thread rewrites the same interest set for OP_WRITE whenever it flushes;
 * the two read-modify-writes race and one update is lost. A lost OP_READ stalls that direction for
 * good (reads resumed, yet never selected), a lost OP_WRITE stalls the session's writes. And a
 * change from another thread is not seen by a select already in progress, so even when not lost
 * it waits for the processor's next wake-up, up to a second. {@link NioProcessor#updateTrafficMask}
 * queues the session for its processor and wakes it; the processor applies the change itself.
 *
 * <p>Second, NioProcessor's updateTrafficControl also recomputes OP_WRITE from the write queue
 * alone, forgetting the request being written: a read suspended or resumed while a large write is
 * half out clears OP_WRITE and the rest of that write is never sent. {@link SluiceNioProcessor}
 * keeps OP_WRITE while a request is in progress.
 */
final class ProcessorPool implements IoProcessor<NioSession> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorPool.class);
    private static final AttributeKey PROCESSOR = new AttributeKey(ProcessorPool.class, "processor");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final NioProcessor[] pool = new NioProcessor[Runtime.getRuntime().availableProcessors() + 1];
    private volatile boolean disposing;
    private volatile boolean disposed;

    ProcessorPool() {
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new SluiceNioProcessor(executor);
        }
    }

    private NioProcessor processor(NioSession session) {
        NioProcessor processor = (NioProcessor) session.getAttribute(PROCESSOR);
        if (processor == null) {
            if (disposing) {
                throw new IllegalStateException("the I/O processors are disposed");
            }
            processor = pool[(int) Math.floorMod(session.getId(), (long) pool.length)];
            NioProcessor earlier = (NioProcessor) session.setAttributeIfAbsent(PROCESSOR, processor);
            if (earlier != null) {
                processor = earlier;
            }
        }
        return processor;
    }

    /**
     * Puts a connection's second session on the I/O processor of its first (call from the connect
     * initializer, before the session is added). What one side reads is then written to the other
     * on the same thread: no selector wake-up of another thread and no hand-off per relayed buffer.
     */
    static void shareProcessor(IoSession session, IoSession peer) {
        Object processor = peer.getAttribute(PROCESSOR);
        if (processor != null) {
            session.setAttribute(PROCESSOR, processor);
        }
    }

    @Override
    public void add(NioSession session) {
        processor(session).add(session);
    }

    @Override
    public void flush(NioSession session) {
        processor(session).flush(session);
    }

    @Override
    public void write(NioSession session, WriteRequest writeRequest) {
        processor(session).write(session, writeRequest);
    }

    @Override
    public void remove(NioSession session) {
        processor(session).remove(session);
    }

    /** Queued for the session's processor, which applies it on its own thread (see the class comment). */
    @Override
    public void updateTrafficControl(NioSession session) {
        processor(session).updateTrafficMask(session);
    }

    /** A NioProcessor whose traffic control keeps OP_WRITE for a write in progress. */
    private static final class SluiceNioProcessor extends NioProcessor {

        SluiceNioProcessor(Executor executor) {
            super(executor);
        }

        @Override
        public void updateTrafficControl(NioSession session) {
            try {
                setInterestedInRead(session, !session.isReadSuspended());
            } catch (Exception e) {
                session.getFilterChain().fireExceptionCaught(e);
            }
            try {
                boolean pending = session.getCurrentWriteRequest() != null
                        || !session.getWriteRequestQueue().isEmpty(session);
                setInterestedInWrite(session, pending && !session.isWriteSuspended());
            } catch (Exception e) {
                session.getFilterChain().fireExceptionCaught(e);
            }
        }
    }

    @Override
    public boolean isDisposing() {
        return disposing;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public synchronized void dispose() {
        if (disposing) {
            return;
        }
        disposing = true;
        for (NioProcessor processor : pool) {
            try {
                processor.dispose();
            } catch (RuntimeException e) {
                LOG.warn("Failed to dispose an I/O processor", e);
            }
        }
        executor.shutdown();
        disposed = true;
    }
}
