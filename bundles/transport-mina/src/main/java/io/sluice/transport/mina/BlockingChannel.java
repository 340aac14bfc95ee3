package io.sluice.transport.mina;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;

/** A session seen as a blocking stream by a protocol negotiator on a worker thread. */
final class BlockingChannel implements PlainChannel {

    /** Above this much unread input, reading from the peer pauses. */
    private static final int MAX_BUFFERED = 64 * 1024;

    private final IoSession session;
    private final long timeoutMillis;
    private final ArrayDeque<IoBuffer> queue = new ArrayDeque<>();
    private int buffered;
    private boolean eof;

    BlockingChannel(IoSession session, long timeoutMillis) {
        this.session = session;
        this.timeoutMillis = timeoutMillis;
    }

    synchronized void offer(IoBuffer buffer) {
        if (!buffer.hasRemaining()) {
            return; // the head of the queue must always hold a byte (peek and take rely on it)
        }
        queue.add(buffer);
        buffered += buffer.remaining();
        if (buffered > MAX_BUFFERED) {
            session.suspendRead();
        }
        notifyAll();
    }

    synchronized void endOfStream() {
        eof = true;
        notifyAll();
    }

    /** What the negotiator did not read, in order; the channel is empty afterwards. */
    synchronized List<IoBuffer> drain() {
        List<IoBuffer> rest = new ArrayList<>(queue);
        queue.clear();
        buffered = 0;
        return rest;
    }

    @Override
    public synchronized boolean hasBufferedInput() {
        return buffered > 0;
    }

    @Override
    public synchronized String readLine(int maxLength) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = take();
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= maxLength) {
                throw new IOException("line longer than " + maxLength + " bytes");
            }
            line.write(b);
        }
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        buffer[offset] = (byte) take();
        int n = 1;
        while (n < len && buffered > 0) {
            buffer[offset + n++] = (byte) take();
        }
        return n;
    }

    @Override
    public synchronized int peek(long timeoutMillis) throws IOException {
        if (!awaitInput(timeoutMillis)) {
            return -1;
        }
        IoBuffer head = queue.peek();
        return head.get(head.position()) & 0xff;
    }

    /** Caller holds the monitor. */
    private int take() throws IOException {
        if (!awaitInput(timeoutMillis)) {
            throw new SocketTimeoutException("no data within " + timeoutMillis + " ms (TIMEOUTbusy)");
        }
        IoBuffer head = queue.peek();
        int b = head.get() & 0xff;
        buffered--;
        if (!head.hasRemaining()) {
            queue.poll();
        }
        return b;
    }

    /**
     * Caller holds the monitor. Waits until a byte is buffered: true, or false when none came
     * within {@code millis}. Reading from the peer is resumed here because the connection keeps
     * it suspended until the negotiator first asks for input.
     */
    private boolean awaitInput(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (buffered == 0) {
            if (eof) {
                throw new EOFException("peer closed the connection");
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            session.resumeRead();
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        return true;
    }

    @Override
    public void write(byte[] data) throws IOException {
        WriteFuture future = session.write(IoBuffer.wrap(data.clone()));
        if (!future.awaitUninterruptibly(timeoutMillis)) {
            throw new SocketTimeoutException("write not done within " + timeoutMillis + " ms (TIMEOUTbusy)");
        }
        if (!future.isWritten()) {
            throw new IOException("write failed", future.getException());
        }
    }
}
