package io.sluice.transport.mina;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.transport.mina.Fixtures.Backend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Rule;
import org.junit.Test;

/**
 * A client certificate whose OCSP responder does not answer holds up its own handshake until
 * TIMEOUTocsp, and nothing else: connections of another tunnel sharing the I/O threads are served
 * meanwhile. Before handshakes left the I/O threads, they stalled with it (measured 8 s, the
 * whole TIMEOUTocsp). What the client sends while it is checked waits, in bounded memory.
 */
public class SlowCertificateCheckTest {

    private static final Duration OCSP_TIMEOUT = Duration.ofSeconds(8);

    @Rule
    public final Fixtures fx = new Fixtures();

    /** The provider of the checking tunnel; a subclass runs the same tests with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Test(timeout = 60_000)
    public void aHangingOcspResponderCostsOnlyTheConnectionsItChecks() throws Exception {
        try (BlackHole responder = new BlackHole()) {
            Backend backend = fx.backend(Fixtures.echo());
            CountingObserver checkedObserver = new CountingObserver();
            Listener checked = fx.listen(checkedSpec(responder, true, backend, checkedObserver));
            Listener plain = fx.listen(Fixtures.serverSpec("plain", List.of(backend.target()), Failover.PRIO,
                    Fixtures.timeouts(), new CountingObserver()));

            // One stuck handshake per I/O thread, so that before the fix every thread was held.
            int stuck = Runtime.getRuntime().availableProcessors() + 1;
            List<Future<Exception>> clients = new ArrayList<>();
            for (int i = 0; i < stuck; i++) {
                clients.add(fx.async(() -> handshakeWithClientCertificate(checked)));
            }
            Fixtures.await("every checked handshake to be waiting for the OCSP responder", 10_000,
                    () -> responder.connections.get() >= stuck);

            long start = System.nanoTime();
            for (int i = 0; i < 2 * stuck; i++) {
                try (SSLSocket client = fx.tlsClient(plain.boundAddress())) {
                    client.getOutputStream().write("ping".getBytes(US_ASCII));
                    assertArrayEquals("ping".getBytes(US_ASCII), Fixtures.readExactly(client.getInputStream(), 4));
                }
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("the other tunnel's connections waited " + tookMs + " ms for the OCSP responder",
                    tookMs < OCSP_TIMEOUT.toMillis() / 2);

            for (Future<Exception> client : clients) {
                Exception failure = client.get(30, TimeUnit.SECONDS);
                assertTrue("the unchecked client is refused (OCSPrequire), got " + failure,
                        failure instanceof IOException);
            }
            Fixtures.await("the checked tunnel to count its refusals", 5_000,
                    () -> checkedObserver.handshakeFailed.get() == stuck);
            assertEquals("a refused client never reaches the backend", 2 * stuck, backend.accepted());
        }
    }

    @Test(timeout = 60_000)
    public void dataSentDuringTheCheckWaitsInBoundedMemoryAndArrivesWhole() throws Exception {
        long size = 64L << 20;
        try (BlackHole responder = new BlackHole()) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Backend backend = fx.backend(socket -> received.complete(
                    Fixtures.receive(socket.getInputStream(), size, new AtomicLong())));
            // Failing open: once TIMEOUTocsp has passed the client is let in.
            Listener checked = fx.listen(checkedSpec(responder, false, backend, new CountingObserver()));

            try (SSLSocket client = (SSLSocket) clientWithCertificate().getSocketFactory().createSocket()) {
                client.setSoTimeout(Fixtures.SO_TIMEOUT_MS * 2);
                client.connect(checked.boundAddress(), 5_000);
                client.startHandshake();
                long seed = System.nanoTime();
                Future<byte[]> sent = fx.async(() -> Fixtures.sendRandom(client.getOutputStream(), size, seed));
                Fixtures.await("the check to be waiting for the OCSP responder", 10_000,
                        () -> responder.connections.get() == 1);
                Thread.sleep(OCSP_TIMEOUT.toMillis() / 2);
                assertFalse("64 MB went into the tunnel while the certificate check was pending", sent.isDone());
                assertArrayEquals("SHA-256 of what the backend received (seed " + seed + ")",
                        sent.get(30, TimeUnit.SECONDS), received.get(30, TimeUnit.SECONDS));
            }
        }
    }

    /** Server mode asking for a client certificate and checking it with OCSP. */
    private TunnelSpec checkedSpec(BlackHole responder, boolean require, Backend backend,
            CountingObserver observer) throws Exception {
        Revocation ocsp = new Revocation(List.of(), URI.create("http://127.0.0.1:" + responder.port() + "/"),
                false, require, OCSP_TIMEOUT);
        TlsContext tls = provider().newContext(TlsSettings.builder(false).keyMaterial(Fixtures.key())
                .trustAnchors(List.of(TestCerts.ROOT.cert())).verifyChain(true).requireCert(true).revocation(ocsp).build());
        return Fixtures.spec("checked", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10),
                        Duration.ofSeconds(30)), observer).tls(tls).build();
    }

    /** The handshake's failure (what the client sees), or null when it passed and data went through. */
    private Exception handshakeWithClientCertificate(Listener tunnel) throws Exception {
        try (SSLSocket socket = (SSLSocket) clientWithCertificate().getSocketFactory().createSocket()) {
            socket.setSoTimeout(Fixtures.SO_TIMEOUT_MS * 2);
            socket.connect(tunnel.boundAddress(), 5_000);
            socket.startHandshake();
            // TLS 1.3: the server's verdict on the client's certificate comes after the client's Finished.
            socket.getOutputStream().write("x".getBytes(US_ASCII));
            return socket.getInputStream().read() < 0 ? new SSLException("closed without an alert") : null;
        } catch (IOException e) {
            return e;
        }
    }

    private static SSLContext clientWithCertificate() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", TestCerts.CLIENT.keys().getPrivate(), new char[0],
                TestCerts.CLIENT.chain().toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sluice", Fixtures.key().leaf());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** An OCSP responder that accepts connections, reads the requests and never answers. */
    private static final class BlackHole implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(Fixtures.LOOPBACK));
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor = new Thread(this::acceptLoop, "ocsp-black-hole");

        BlackHole() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    synchronized (held) {
                        held.add(socket);
                    }
                    connections.incrementAndGet();
                }
            } catch (IOException e) {
                // closed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
