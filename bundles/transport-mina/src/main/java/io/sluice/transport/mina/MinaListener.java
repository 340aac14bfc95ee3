package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound tunnel: an acceptor and a connector on the transport's shared I/O processors. After
 * {@link #close} the listener lives on until its last connection ends, so a reconfigured tunnel's
 * old connections keep their settings.
 */
final class MinaListener implements Listener, Host {

    private static final Logger LOG = LoggerFactory.getLogger(MinaListener.class);

    private final TunnelSpec spec;
    private final Route route;
    private final ConnectionLimits limits;
    /** The routes of the secondary services SNI chose, by name, each with the spec it was built from. */
    private final Map<String, Secondary> secondaries = new ConcurrentHashMap<>();

    private record Secondary(TunnelSpec spec, Route route) {
    }
    private final MinaTransport transport;
    private final NioSocketAcceptor acceptor;
    private final NioSocketConnector connector;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile boolean closed;
    private InetSocketAddress bound;
    private List<InetSocketAddress> boundAll = List.of();
    /** accept = /PATH: the listening Unix socket; null otherwise. */
    private UnixSockets.Acceptor unixAcceptor;
    /** exec+connect with retry: the program's next start. */
    private ScheduledFuture<?> restart;

    MinaListener(TunnelSpec spec, MinaTransport transport, IoProcessor<NioSession> processor) {
        this.spec = spec;
        this.route = Route.of(spec);
        this.transport = transport;
        this.limits = new ConnectionLimits(spec.limits(), transport.cap());
        SessionHandler handler = new SessionHandler(this);
        acceptor = new InheritingAcceptor(processor);
        acceptor.setReuseAddress(!"no".equals(spec.socketOptions().listening().get("SO_REUSEADDR")));
        acceptor.setBacklog(1024);
        acceptor.setCloseOnDeactivation(false);
        acceptor.setHandler(handler);
        connector = new NioSocketConnector(processor);
        connector.setConnectTimeoutMillis(spec.timeouts().connect().toMillis());
        connector.setHandler(handler);
        for (IoService service : new IoService[] {acceptor, connector}) {
            // MINA's service statistics take a service-wide lock on every read and write.
            service.getStatistics().getConfig().setStatisticsCalcEnabled(false);
            configure((SocketSessionConfig) service.getSessionConfig());
        }
    }

    private void configure(SocketSessionConfig config) {
        config.setTcpNoDelay(true);
        // MINA allocates a new buffer of the session's current size for every read, doubling it
        // after a full read and halving it after a less than half full one, between min and max.
        // Bulk traffic grows it to 64 KB (several 16 KB TLS records per read; TlsFilter copies
        // only a split record's missing bytes). Small requests shrink it to 2 KB: a 16 KB minimum
        // allocated 16 KB per 100-byte read (buffers were 70-80% of the bytes allocated under
        // keep-alive load in JFR, and G1 collected about once a second).
        config.setReadBufferSize(16 * 1024);
        config.setMinReadBufferSize(2 * 1024);
        config.setMaxReadBufferSize(64 * 1024);
        config.setIdleTime(IdleStatus.BOTH_IDLE, (int) Math.min(Integer.MAX_VALUE, spec.timeouts().idle().toSeconds()));
    }

    void bind() throws IOException {
        if (spec.accept() instanceof AcceptSide.Sockets sockets) {
            acceptor.bind(sockets.addresses());
            bound = acceptor.getLocalAddress();
            boundAll = inConfiguredOrder(sockets.addresses(), acceptor.getLocalAddresses());
        } else if (spec.accept() instanceof AcceptSide.Program program) {
            // exec+connect: no socket to listen on; the program is the accepting side, started now.
            Programs.startAccepted(connector, spec, program.exec());
        } else if (spec.accept() instanceof AcceptSide.Stdio) {
            acceptStdio();
        } else if (spec.accept() instanceof AcceptSide.UnixSocket unix) {
            unixAcceptor = new UnixSockets.Acceptor(spec.name(), unix.path(), connector, this::startStream);
        } else {
            throw new IllegalArgumentException("a secondary service is attached to its primary, not bound");
        }
    }

    /**
     * inetd mode: no socket to listen on; this process's standard input and output are the one
     * accepted connection, relayed as a socket's would be (the connect side is connect or exec).
     */
    private void acceptStdio() throws IOException {
        startStream(ProcessSession.stdio(connector));
    }

    /** An accepted connection that is no MINA socket (standard input and output, a Unix socket). */
    private void startStream(ProcessSession session) {
        session.start(() -> {
            Side side = (Side) session.getAttribute(SessionHandler.SIDE);
            session.tag("Service [" + spec.name() + "] #" + side.connection.id());
        });
    }

    /**
     * exec+connect: the program's connection ended; with stunnel's retry, the program starts again
     * after the delay, unless the listener closed (tunnel stopped or reconfigured) meanwhile.
     */
    private void programEnded(Connection connection) {
        Duration retry = program().retry();
        if (retry == null || closed) {
            return;
        }
        LOG.debug("Service [{}] #{} Retrying an exec+connect section", spec.name(), connection.id());
        synchronized (this) {
            restart = transport.timer().schedule(this::startAgain, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** On the timer: starting a program blocks, so a worker does it; all busy, the next retry tries again. */
    private void startAgain() {
        try {
            transport.workers().execute(this::restartProgram);
        } catch (RejectedExecutionException e) {
            LOG.warn("Service [{}] exec: every worker is busy; starting {} again after the retry delay", spec.name(),
                    program().program());
            synchronized (this) {
                restart = transport.timer().schedule(this::startAgain, program().retry().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void restartProgram() {
        if (closed) {
            return;
        }
        try {
            Programs.startAccepted(connector, spec, program());
        } catch (IOException | RuntimeException e) {
            LOG.error("Service [{}] exec: cannot start {}: {}", spec.name(), program().program(), Causes.reason(e));
            if (!closed && program().retry() != null) {
                synchronized (this) {
                    restart = transport.timer().schedule(this::startAgain, program().retry().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** exec+connect: the program on the accepting side. */
    private Exec program() {
        return ((AcceptSide.Program) spec.accept()).exec();
    }

    @Override
    public NioSocketConnector connector() {
        return connector;
    }

    @Override
    public Executor workers() {
        return transport.workers();
    }

    @Override
    public Executor handshakes() {
        return transport.handshakes();
    }

    @Override
    public ScheduledExecutorService timer() {
        return transport.timer();
    }

    @Override
    public Watermarks watermarks() {
        return Watermarks.DEFAULT;
    }

    @Override
    public Route route(TunnelSpec secondary) {
        // A secondary reconfigured while this tunnel runs comes with a new spec: its route is rebuilt once.
        Secondary known = secondaries.get(secondary.name());
        if (known == null || known.spec() != secondary) {
            known = new Secondary(secondary, Route.of(secondary));
            secondaries.put(secondary.name(), known);
        }
        return known.route();
    }

    @Override
    public String admit(InetAddress source) {
        return limits.admit(source);
    }

    @Override
    public void setupEnded() {
        limits.setupEnded();
    }

    @Override
    public void released(InetAddress source, boolean inSetup) {
        limits.closed(source, inSetup);
    }

    Map<String, String> acceptedSocketOptions() {
        return spec.socketOptions().accepted();
    }

    @Override
    public int firstTarget() {
        return spec.connect() instanceof ConnectSide.Targets t && t.failover() == Failover.RR
                ? Math.floorMod(roundRobin.getAndIncrement(), t.targets().size()) : 0;
    }

    Connection accepted(IoSession session) {
        Connection connection = new Connection(this, spec, route, session);
        connections.add(connection);
        return connection;
    }

    @Override
    public void finished(Connection connection) {
        connections.remove(connection);
        if (spec.accept() instanceof AcceptSide.Program) {
            programEnded(connection);
        }
        if (closed && connections.isEmpty()) {
            dispose();
        }
    }

    @Override
    public InetSocketAddress boundAddress() {
        return bound;
    }

    @Override
    public List<InetSocketAddress> boundAddresses() {
        return boundAll;
    }

    /** MINA keeps the bound addresses in a set: each configured one finds its own (port 0: any port). */
    private static List<InetSocketAddress> inConfiguredOrder(List<InetSocketAddress> configured, Set<SocketAddress> bound) {
        List<InetSocketAddress> left = new ArrayList<>();
        bound.forEach(address -> left.add((InetSocketAddress) address));
        List<InetSocketAddress> ordered = new ArrayList<>();
        for (InetSocketAddress wanted : configured) {
            left.stream().filter(b -> b.getAddress().equals(wanted.getAddress())
                    && (wanted.getPort() == 0 || wanted.getPort() == b.getPort())).findFirst().ifPresent(b -> {
                        ordered.add(b);
                        left.remove(b);
                    });
        }
        ordered.addAll(left);
        return List.copyOf(ordered);
    }

    @Override
    public int activeConnections() {
        return connections.size();
    }

    @Override
    public List<ConnectionInfo> connections() {
        return connections.stream().sorted(Comparator.comparingLong(Connection::id)).map(Connection::info).toList();
    }

    @Override
    public boolean kill(long connectionId) {
        for (Connection connection : connections) {
            if (connection.id() == connectionId) {
                connection.kill();
                return true;
            }
        }
        return false;
    }

    @Override
    public void close(boolean closeConnections) {
        closed = true;
        synchronized (this) {
            if (restart != null) {
                restart.cancel(false);
            }
        }
        if (spec.accept() instanceof AcceptSide.Sockets) {
            acceptor.unbind();
        }
        if (unixAcceptor != null) {
            unixAcceptor.close();
        }
        if (closeConnections) {
            connections.forEach(Connection::kill);
        }
        if (connections.isEmpty()) {
            dispose();
        }
    }

    private void dispose() {
        acceptor.dispose(false);
        connector.dispose(false);
        transport.disposed(this);
    }
}
