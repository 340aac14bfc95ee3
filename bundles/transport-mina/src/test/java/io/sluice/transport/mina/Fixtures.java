package io.sluice.transport.mina;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.ConnectionObserver;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.pki.SelfSigned;
import io.sluice.tls.jsse.JsseTlsProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.rules.ExternalResource;

/**
 * Shared fixtures of the transport tests: one self-signed key, TLS contexts for both tunnel modes
 * and for JDK test clients, tunnel specs, plain-socket backends, a counting observer, and helpers
 * for streams and waiting. A JUnit rule: it starts a transport before each test, owns what the
 * test opens, and closes it all and stops the transport after it.
 */
final class Fixtures extends ExternalResource implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    /** Read timeout of every test socket: no read blocks a test for longer. */
    static final int SO_TIMEOUT_MS = 15_000;

    private static KeyMaterial key;
    private static TlsContext serverTls;
    private static TlsContext clientTls;
    private static SSLContext jdkClient;

    private MinaTransport transport;
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-io");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void before() {
        transport = new MinaTransport();
        transport.activate();
    }

    @Override
    protected void after() {
        close();
        transport.deactivate();
    }

    // ---- TLS ---------------------------------------------------------------------------------

    static synchronized KeyMaterial key() throws Exception {
        if (key == null) {
            key = SelfSigned.generate("localhost", List.of("localhost", LOOPBACK), Duration.ofDays(1));
        }
        return key;
    }

    /** Server mode: our key, no client certificates asked for. */
    static synchronized TlsContext serverTls() throws Exception {
        if (serverTls == null) {
            serverTls = serverTls(key());
        }
        return serverTls;
    }

    /** Server mode with the given key, no client certificates asked for. */
    static TlsContext serverTls(KeyMaterial material) throws Exception {
        return new JsseTlsProvider().newContext(TlsSettings.builder(false).keyMaterial(material).build());
    }

    /** Client mode: trusts exactly our certificate and checks it against the host connected to. */
    static synchronized TlsContext clientTls() throws Exception {
        if (clientTls == null) {
            clientTls = new JsseTlsProvider().newContext(TlsSettings.builder(true).trustAnchors(List.of(key().leaf()))
                    .verifyChain(true).checkConnectHost(true).build());
        }
        return clientTls;
    }

    /** For JDK SSLSocket clients: trusts our certificate. */
    static synchronized SSLContext jdkClient() throws Exception {
        if (jdkClient == null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sluice", key().leaf());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            jdkClient = context;
        }
        return jdkClient;
    }

    // ---- specs and tunnels ---------------------------------------------------------------------

    /** connect 5 s, idle 60 s, close 10 s, busy 5 s, handshake 5 s. */
    static Timeouts timeouts() {
        return timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    static Timeouts timeouts(Duration connect, Duration idle, Duration close, Duration handshake) {
        return new Timeouts(connect, idle, close, Duration.ofSeconds(5), handshake);
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }

    static Target target(InetSocketAddress address) {
        return new Target(LOOPBACK, address);
    }

    static Target target(int port) {
        return target(loopback(port));
    }

    /** Server mode: TLS on the accept side, plaintext to the targets. */
    static TunnelSpec serverSpec(String name, List<Target> targets, Failover failover, Timeouts timeouts,
            ConnectionObserver observer) throws Exception {
        return spec(name, false, targets, failover, timeouts, observer).tls(serverTls()).build();
    }

    /** Client mode: plaintext on the accept side, TLS to the targets. */
    static TunnelSpec clientSpec(String name, List<Target> targets, Failover failover, Timeouts timeouts,
            ConnectionObserver observer) throws Exception {
        return spec(name, true, targets, failover, timeouts, observer).tls(clientTls()).build();
    }

    /** A tunnel on a free loopback port, its TLS context still to be set. */
    static TunnelSpec.Builder spec(String name, boolean client, List<Target> targets, Failover failover,
            Timeouts timeouts, ConnectionObserver observer) {
        return TunnelSpec.builder(name).client(client).accept(new AcceptSide.Sockets(loopback(0)))
                .connect(new ConnectSide.Targets(targets, failover)).timeouts(timeouts).observer(observer);
    }

    Listener listen(TunnelSpec spec) throws IOException {
        Listener listener = transport.listen(spec);
        resources.add(() -> listener.close(true));
        return listener;
    }

    /** A client-mode tunnel chained to a server-mode tunnel: plain in, TLS between, plain out. */
    Chain chain(Timeouts timeouts, Target backend) throws Exception {
        CountingObserver serverObserver = new CountingObserver();
        CountingObserver clientObserver = new CountingObserver();
        Listener server = listen(serverSpec("server", List.of(backend), Failover.PRIO, timeouts, serverObserver));
        Listener client = listen(clientSpec("client", List.of(target(server.boundAddress())), Failover.PRIO, timeouts,
                clientObserver));
        return new Chain(client, clientObserver, server, serverObserver);
    }

    record Chain(Listener client, CountingObserver clientObserver, Listener server, CountingObserver serverObserver) {
        InetSocketAddress entry() {
            return client.boundAddress();
        }
    }

    // ---- test sockets --------------------------------------------------------------------------

    Socket plainClient(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        resources.add(socket);
        socket.setSoTimeout(SO_TIMEOUT_MS);
        socket.connect(address, 5_000);
        return socket;
    }

    /** A JDK TLS client, handshake done. */
    SSLSocket tlsClient(InetSocketAddress address) throws Exception {
        return tlsClient(address, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to set before connecting, 0 for the system's default */
    SSLSocket tlsClient(InetSocketAddress address, int receiveBuffer) throws Exception {
        SSLSocket socket = (SSLSocket) jdkClient().getSocketFactory().createSocket();
        resources.add(socket);
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(SO_TIMEOUT_MS);
        socket.connect(address, 5_000);
        socket.startHandshake();
        return socket;
    }

    /** A port on 127.0.0.1 that was just free: connecting to it is refused. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    <T> Future<T> async(Callable<T> task) {
        return pool.submit(task);
    }

    // ---- backends ------------------------------------------------------------------------------

    @FunctionalInterface
    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    /** A plain backend on 127.0.0.1: each accepted socket is handed to the handler on its own thread. */
    Backend backend(Handler handler) throws IOException {
        Backend backend = new Backend(handler);
        resources.add(backend);
        return backend;
    }

    /** Echoes until EOF, then closes. */
    static Handler echo() {
        return socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        };
    }

    /** Sends one byte naming this backend, then echoes until EOF. */
    static Handler announce(char name) {
        Handler echo = echo();
        return socket -> {
            socket.getOutputStream().write(name);
            echo.handle(socket);
        };
    }

    final class Backend implements AutoCloseable {
        private final ServerSocket server;
        private final Handler handler;
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean closing;

        Backend(Handler handler) throws IOException {
            this.handler = handler;
            server = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK));
            pool.execute(this::acceptLoop);
        }

        private void acceptLoop() {
            while (!closing) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                sockets.add(socket);
                pool.execute(() -> {
                    try {
                        socket.setSoTimeout(SO_TIMEOUT_MS);
                        handler.handle(socket);
                    } catch (Throwable e) {
                        if (!closing) {
                            failure.compareAndSet(null, e);
                        }
                    } finally {
                        closeQuietly(socket);
                    }
                });
            }
        }

        InetSocketAddress address() {
            return loopback(server.getLocalPort());
        }

        Target target() {
            return Fixtures.target(address());
        }

        int accepted() {
            return accepted.get();
        }

        /** The first exception a handler threw, or null. */
        Throwable failure() {
            return failure.get();
        }

        @Override
        public void close() {
            closing = true;
            closeQuietly(server);
            synchronized (sockets) {
                sockets.forEach(Fixtures::closeQuietly);
            }
        }
    }

    // ---- streams -------------------------------------------------------------------------------

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Writes {@code total} pseudo-random bytes (seeded) in writes of random size, 1 byte to 64 KB,
     * spread evenly over the powers of two so that tiny and full writes both occur often.
     *
     * @return the SHA-256 of what was written
     */
    static byte[] sendRandom(OutputStream out, long total, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(left, 1 + random.nextInt(1 << random.nextInt(17)));
            for (int i = 0; i < n; i += 8) {
                long bits = random.nextLong();
                for (int j = i; j < Math.min(n, i + 8); j++, bits >>>= 8) {
                    buffer[j] = (byte) bits;
                }
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            left -= n;
        }
        out.flush();
        return digest.digest();
    }

    /** Reads exactly {@code total} bytes, counting them into {@code progress}; returns their SHA-256. */
    static byte[] receive(InputStream in, long total, AtomicLong progress) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("EOF after " + (total - left) + " of " + total + " bytes");
            }
            digest.update(buffer, 0, n);
            progress.addAndGet(n);
            left -= n;
        }
        return digest.digest();
    }

    /** Reads until EOF (fails on a read timeout). */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new IOException("EOF after " + data.length + " of " + length + " bytes");
        }
        return data;
    }

    /**
     * Waits until the peer closes the socket: a read returns EOF or fails with anything but a read
     * timeout (a reset, or a TLS error for a close without close_notify). Data read on the way is
     * discarded.
     *
     * @throws AssertionError when the socket is still open after {@code millis}
     */
    static void awaitClosedByPeer(Socket socket, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        byte[] buffer = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the tunnel did not close the connection within " + millis + " ms");
            }
            socket.setSoTimeout((int) left);
            try {
                if (socket.getInputStream().read(buffer) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the tunnel did not close the connection within " + millis + " ms");
            } catch (IOException e) {
                return;
            }
        }
    }

    // ---- waiting and counting ------------------------------------------------------------------

    /** Polls {@code condition} every 10 ms until it holds; fails after {@code millis}. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // cleanup only
        }
    }

    /** Closes sockets, backends and listeners (newest first), then stops the test threads. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (resources) {
            all = new ArrayList<>(resources);
            resources.clear();
        }
        Collections.reverse(all);
        all.forEach(Fixtures::closeQuietly);
        pool.shutdownNow();
    }
}
