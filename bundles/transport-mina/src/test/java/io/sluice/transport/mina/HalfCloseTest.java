package io.sluice.transport.mina;

import static io.sluice.transport.mina.Fixtures.readExactly;
import static io.sluice.transport.mina.Fixtures.readToEnd;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.transport.mina.Fixtures.Backend;
import io.sluice.transport.mina.Fixtures.Chain;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * TCP half-close end to end through a client-mode tunnel chained to a server-mode tunnel (plain
 * sockets at both ends): a FIN from one peer reaches the other as EOF (close_notify plus FIN on the
 * TLS leg) while the opposite direction keeps working; TIMEOUTclose ends a half-closed connection
 * only once it has gone quiet.
 */
public class HalfCloseTest {

    private static final byte[] REQUEST = "request: the client is done sending\n".getBytes(US_ASCII);
    private static final byte[] RESPONSE = "response: sent after the client's FIN\n".getBytes(US_ASCII);

    @Rule
    public final Fixtures fx = new Fixtures();

    private static void awaitBothTunnelsClosed(Chain chain) throws InterruptedException {
        Fixtures.await("both tunnels to close the connection", 5_000,
                () -> chain.clientObserver().closed.get() == 1 && chain.serverObserver().closed.get() == 1);
        assertEquals(0, chain.client().activeConnections());
        assertEquals(0, chain.server().activeConnections());
    }

    @Test(timeout = 20_000)
    public void clientFinReachesBackendAsEofAndBackendCanStillRespond() throws Exception {
        CompletableFuture<byte[]> backendGot = new CompletableFuture<>();
        Backend backend = fx.backend(socket -> {
            backendGot.complete(readToEnd(socket.getInputStream())); // returns on the client's FIN only
            socket.getOutputStream().write(RESPONSE);
            socket.shutdownOutput();
        });
        Chain chain = fx.chain(Fixtures.timeouts(), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            client.getOutputStream().write(REQUEST);
            client.shutdownOutput();

            assertArrayEquals("the backend got the request, then EOF", REQUEST, backendGot.get(10, TimeUnit.SECONDS));
            assertArrayEquals("the half-closed client got the response, then EOF", RESPONSE,
                    readToEnd(client.getInputStream()));
        }
        awaitBothTunnelsClosed(chain);
        assertNull("backend failure", backend.failure());
    }

    @Test(timeout = 20_000)
    public void backendFinReachesClientAsEofAndClientCanStillSend() throws Exception {
        CompletableFuture<byte[]> backendGot = new CompletableFuture<>();
        Backend backend = fx.backend(socket -> {
            socket.getOutputStream().write(RESPONSE);
            socket.shutdownOutput();
            backendGot.complete(readToEnd(socket.getInputStream()));
        });
        Chain chain = fx.chain(Fixtures.timeouts(), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            assertArrayEquals("the client got the greeting, then EOF", RESPONSE, readToEnd(client.getInputStream()));
            client.getOutputStream().write(REQUEST);
            client.shutdownOutput();

            assertArrayEquals("the half-closed backend got the client's data, then EOF", REQUEST,
                    backendGot.get(10, TimeUnit.SECONDS));
        }
        awaitBothTunnelsClosed(chain);
        assertNull("backend failure", backend.failure());
    }

    /**
     * stunnel's TIMEOUTclose is how long a half-closed connection may stay silent, not how long it
     * may live: a long response after the client's FIN must not be cut off while it flows.
     */
    @Test(timeout = 20_000)
    public void halfClosedConnectionOutlivesCloseTimeoutWhileDataFlows() throws Exception {
        Duration close = Duration.ofSeconds(1);
        int pieces = 15; // one every 200 ms: 3 s in all, three close timeouts
        Backend backend = fx.backend(socket -> {
            readToEnd(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < pieces; i++) {
                out.write(RESPONSE);
                out.flush();
                Thread.sleep(200);
            }
            socket.shutdownOutput();
        });
        Chain chain = fx.chain(Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), close,
                Duration.ofSeconds(5)), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            client.getOutputStream().write(REQUEST);
            client.shutdownOutput();
            byte[] got = readToEnd(client.getInputStream());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < pieces; i++) {
                expected.write(RESPONSE);
            }
            assertEquals("the whole slow response, " + pieces + " pieces", expected.size(), got.length);
            assertArrayEquals(expected.toByteArray(), got);
        }
        awaitBothTunnelsClosed(chain);
        assertNull("backend failure", backend.failure());
    }

    @Test(timeout = 20_000)
    public void halfClosedConnectionIsClosedAfterCloseTimeoutOnceSilent() throws Exception {
        Duration close = Duration.ofSeconds(1);
        CountDownLatch release = new CountDownLatch(1);
        Backend backend = fx.backend(socket -> {
            readToEnd(socket.getInputStream()); // the client's FIN
            socket.getOutputStream().write(RESPONSE);
            // ... and never a FIN of its own: the tunnels have to give up after TIMEOUTclose.
            release.await(15, TimeUnit.SECONDS);
        });
        Chain chain = fx.chain(Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), close,
                Duration.ofSeconds(5)), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            client.getOutputStream().write(REQUEST);
            client.shutdownOutput();
            assertArrayEquals(RESPONSE, readExactly(client.getInputStream(), RESPONSE.length));
            long start = System.nanoTime();
            Fixtures.awaitClosedByPeer(client, 10_000);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue("closed " + elapsed + " ms after going silent, TIMEOUTclose is 1000 ms",
                    elapsed >= 500 && elapsed < 5_000);
            // Both tunnels closed both their sides while the backend still holds its socket open.
            awaitBothTunnelsClosed(chain);
        } finally {
            release.countDown();
        }
        assertNull("backend failure", backend.failure());
    }

    /** stunnel's TIMEOUTclose = 0: the response and its end reach the client, which never sent a FIN. */
    @Test(timeout = 20_000)
    public void zeroCloseTimeoutEndsTheConnectionOnceOneDirectionHasEnded() throws Exception {
        Backend backend = fx.backend(socket -> {
            readExactly(socket.getInputStream(), REQUEST.length);
            socket.getOutputStream().write(RESPONSE);
            socket.shutdownOutput();
            readToEnd(socket.getInputStream());
        });
        Chain chain = fx.chain(Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(5)), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            client.getOutputStream().write(REQUEST);
            assertArrayEquals(RESPONSE, readExactly(client.getInputStream(), RESPONSE.length));
            // With the default TIMEOUTclose the tunnels would wait for the client's FIN for 60 s.
            Fixtures.awaitClosedByPeer(client, 5_000);
            awaitBothTunnelsClosed(chain);
        }
        assertNull("backend failure", backend.failure());
    }
}
