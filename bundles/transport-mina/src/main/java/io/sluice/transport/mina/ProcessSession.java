package io.sluice.transport.mina;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.DefaultIoFilterChain;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.AbstractIoSessionConfig;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program's standard input and output as a MINA session (stunnel's {@code exec}), or this process's
 * own (stunnel's inetd mode, see {@link Stdio}; no program then), so that the
 * relay, TLS, backpressure and half-close treat it as they treat a socket. MINA's I/O threads never
 * touch the process's streams: each program has a reader thread, which reads its standard output
 * and fires the events a socket's processor would (pausing between reads while reading is
 * suspended: the relay's backpressure), and a writer thread, which writes what the session is given
 * to its standard input in order and completes the writes' futures once the bytes are in the pipe.
 *
 * <ul>
 * <li>the program's standard output ends (it closed it or exited): input closed, as a FIN;</li>
 * <li>the session's output is shut (the other peer's FIN): its standard input is closed (EOF);</li>
 * <li>the session closes: both pipes are closed (the program reads EOF, its writes fail); a program
 * still running {@value #GRACE_SECONDS} s later is terminated (SIGTERM, then SIGKILL after
 * {@value #KILL_AFTER_SECONDS} s more);</li>
 * <li>the program no longer reads its input (it closed it or exited): what is written after that is
 * dropped (and not counted as sent), and the relay goes on until its output ends.</li>
 * </ul>
 * Standard error is not part of the stream: it goes where Sluice's own does.
 */
final class ProcessSession extends AbstractIoSession {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSession.class);

    static final TransportMetadata METADATA = new DefaultTransportMetadata("sluice", "exec", false, true,
            InetSocketAddress.class, IoSessionConfig.class, IoBuffer.class);
    /** Neither end of a pipe has an address; the relay's log lines and TLS engine get the loopback. */
    private static final InetSocketAddress ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** The stdio session's thread names and {@link #toString()}. */
    private static final String STDIO = "stdio";
    private static final int READ_BUFFER = 16 * 1024;
    /** Written through the write queue: closes the program's standard input once what came before is in. */
    private static final Object SHUTDOWN_OUTPUT = new Object();

    /** Null for the process's own standard input and output. */
    private final Process process;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final IoFilterChain filterChain = new DefaultIoFilterChain(this);
    private final Processor processor = new Processor();
    private final InputStream stdout;
    private final OutputStream stdin;
    /** Guards the fields below; the writer and the reader wait on it. */
    private final Object lock = new Object();
    private volatile boolean removed;
    private boolean stdinClosed;
    private long dropped;
    /** The connection's log prefix, once known. */
    private volatile String tag = "exec";

    ProcessSession(IoService service, Process process) {
        this(service, process, process.getInputStream(), process.getOutputStream(), ADDRESS, ADDRESS);
        LivePrograms.started(process);
    }

    /** inetd mode: this process's standard input and output, once. */
    static ProcessSession stdio(IoService service) throws IOException {
        Stdio.Ends ends = Stdio.open();
        return new ProcessSession(service, null, ends.in(), ends.out(), ends.remote(), ends.local());
    }

    /** A connected Unix socket ({@link UnixSockets}): read and written by the session's own two threads. */
    static ProcessSession socket(IoService service, java.nio.channels.SocketChannel channel) throws IOException {
        Stdio.Ends ends = Stdio.socket(channel, true);
        return new ProcessSession(service, null, ends.in(), ends.out(), ends.remote(), ends.local());
    }

    private ProcessSession(IoService service, Process process, InputStream stdout, OutputStream stdin,
            InetSocketAddress remote, InetSocketAddress local) {
        super(service);
        this.process = process;
        this.remote = remote;
        this.local = local;
        this.config = new AbstractIoSessionConfig() {
        };
        this.stdout = stdout;
        this.stdin = stdin;
        DefaultIoSessionDataStructureFactory structures = new DefaultIoSessionDataStructureFactory();
        try {
            setAttributeMap(structures.getAttributeMap(this));
            setWriteRequestQueue(structures.getWriteRequestQueue(this));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    void tag(String tag) {
        this.tag = tag;
    }

    /**
     * Fires the session's creation (the handler attaches it to its connection), then its opening,
     * then starts reading and writing. {@code created} runs in between, when the connection exists.
     */
    void start(Runnable created) {
        filterChain.fireSessionCreated();
        created.run();
        if (process != null) {
            process.onExit().thenAccept(p -> LOG.debug("{} Child process {} finished with code {}", tag, p.pid(),
                    p.exitValue()));
        }
        filterChain.fireSessionOpened();
        thread("reader", this::readLoop).start();
        thread("writer", this::writeLoop).start();
    }

    private Thread thread(String role, Runnable body) {
        Thread thread = new Thread(body, "sluice-" + (process == null ? STDIO : "exec-" + process.pid()) + "-" + role);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes the program's standard input after what was written before (the relay's half-close). */
    void shutdownOutput() {
        getWriteRequestQueue().offer(this, new DefaultWriteRequest(SHUTDOWN_OUTPUT));
        processor.flush(this);
    }

    // ---- reading -------------------------------------------------------------------------------

    private void readLoop() {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            while (true) {
                synchronized (lock) {
                    while (isReadSuspended() && !removed) {
                        lock.wait();
                    }
                    if (removed) {
                        return;
                    }
                }
                int n = stdout.read(buffer);
                if (removed) {
                    return;
                }
                if (n < 0) {
                    filterChain.fireInputClosed();
                    return;
                }
                if (n > 0) {
                    increaseReadBytes(n, System.currentTimeMillis());
                    filterChain.fireMessageReceived(IoBuffer.wrap(Arrays.copyOf(buffer, n)));
                }
            }
        } catch (IOException e) {
            if (!removed) {
                filterChain.fireExceptionCaught(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!removed) {
                filterChain.fireExceptionCaught(e);
            }
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    private void writeLoop() {
        try {
            while (true) {
                WriteRequest request;
                synchronized (lock) {
                    while ((request = getWriteRequestQueue().poll(this)) == null && !removed) {
                        lock.wait();
                    }
                }
                if (removed) {
                    if (request != null && request != CLOSE_REQUEST) {
                        request.getFuture().setException(new WriteToClosedSessionException(request));
                    }
                    break;
                }
                if (request == CLOSE_REQUEST) {
                    closeNow(); // closeOnFlush: everything before it is in the pipe
                    continue;
                }
                write(request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed();
    }

    private void write(WriteRequest request) {
        Object message = request.getMessage();
        if (message == SHUTDOWN_OUTPUT) {
            closeStdin();
            return;
        }
        IoBuffer buffer = (IoBuffer) message;
        int n = buffer.remaining();
        boolean open;
        synchronized (lock) {
            open = !stdinClosed;
        }
        if (open) {
            try {
                ByteBuffer bytes = buffer.buf();
                if (bytes.hasArray()) {
                    stdin.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
                } else {
                    byte[] copy = new byte[n];
                    bytes.duplicate().get(copy);
                    stdin.write(copy);
                }
                stdin.flush();
            } catch (IOException e) {
                if (removed) {
                    request.getFuture().setException(new WriteToClosedSessionException(request));
                    return;
                }
                LOG.debug("{} exec: the program no longer reads its input ({}); what follows is dropped", tag, e.getMessage());
                closeStdin();
                open = false;
            }
        }
        if (!open) {
            synchronized (lock) {
                dropped += n;
            }
        }
        long now = System.currentTimeMillis();
        increaseWrittenBytes(n, now);
        increaseWrittenMessages(request, now);
        filterChain.fireMessageSent(request);
    }

    private void closeStdin() {
        synchronized (lock) {
            if (stdinClosed) {
                return;
            }
            stdinClosed = true;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // a broken pipe: closed all the same
        }
    }

    /** On the writer thread, once the session is removed: fail what is left, then report the close. */
    private void closed() {
        WriteRequest request;
        while ((request = getWriteRequestQueue().poll(this)) != null) {
            if (request != CLOSE_REQUEST) {
                request.getFuture().setException(new WriteToClosedSessionException(request));
            }
        }
        long lost;
        synchronized (lock) {
            lost = dropped;
        }
        if (lost > 0) {
            LOG.debug("{} exec: {} byte(s) were dropped after the program stopped reading its input", tag, lost);
        }
        filterChain.fireSessionClosed();
    }

    // ---- closing -------------------------------------------------------------------------------

    /** filterClose (closeNow): ends the program's pipes (and it) and wakes both threads; the writer reports the close. */
    private void remove() {
        synchronized (lock) {
            if (removed) {
                return;
            }
            removed = true;
            lock.notifyAll();
        }
        closeStdin();
        try {
            stdout.close();
        } catch (IOException e) {
            // nothing more to read anyway
        }
        if (process == null) {
            return; // stdio: the process itself ends with its connection
        }
        LivePrograms.connectionClosed(process, tag);
    }

    // ---- AbstractIoSession ---------------------------------------------------------------------

    @Override
    public IoProcessor<ProcessSession> getProcessor() {
        return processor;
    }

    @Override
    public IoFilterChain getFilterChain() {
        return filterChain;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return METADATA;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return remote;
    }

    /** What MINA's filter chain asks of a session's processor, done by the session's own threads. */
    private final class Processor implements IoProcessor<ProcessSession> {

        @Override
        public void add(ProcessSession session) {
            // started by start()
        }

        @Override
        public void write(ProcessSession session, WriteRequest request) {
            getWriteRequestQueue().offer(session, request);
            flush(session);
        }

        @Override
        public void flush(ProcessSession session) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        @Override
        public void updateTrafficControl(ProcessSession session) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        @Override
        public void remove(ProcessSession session) {
            ProcessSession.this.remove();
        }

        @Override
        public boolean isDisposing() {
            return false;
        }

        @Override
        public boolean isDisposed() {
            return false;
        }

        @Override
        public void dispose() {
            // one per session, nothing shared to dispose
        }
    }

    @Override
    public String toString() {
        return process == null ? STDIO : "exec(pid " + process.pid() + ")";
    }

    /**
     * Bytes written to the session that the program never got: it had stopped reading (0 for any
     * other session). Not sent, so not in the closing line's count.
     */
    static long dropped(IoSession session) {
        if (session instanceof ProcessSession program) {
            synchronized (program.lock) {
                return program.dropped;
            }
        }
        return 0;
    }

    static boolean is(IoSession session) {
        return session instanceof ProcessSession;
    }
}
