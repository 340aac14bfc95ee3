package io.sluice.transport.mina;

import static io.sluice.transport.mina.Fixtures.receive;
import static io.sluice.transport.mina.Fixtures.sendRandom;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.transport.mina.Fixtures.Backend;
import io.sluice.transport.mina.Fixtures.Chain;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;

/**
 * 100 MB of random bytes each way at once, in writes of random size, must arrive unchanged: through
 * a server-mode tunnel (TLS in, plain out) and through a client-mode tunnel chained to it.
 */
public class RelayIntegrityTest {

    private static final long SIZE = 100L * 1024 * 1024;

    @Rule
    public final Fixtures fx = new Fixtures();

    /** What the backend sent and received on its one connection. */
    private static final class DuplexBackend {
        final CompletableFuture<byte[]> sent = new CompletableFuture<>();
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        final AtomicLong receivedBytes = new AtomicLong();

        Fixtures.Handler handler(Fixtures fx, long seed) {
            return socket -> {
                Future<byte[]> writer = fx.async(() -> sendRandom(socket.getOutputStream(), SIZE, seed));
                try {
                    received.complete(receive(socket.getInputStream(), SIZE, receivedBytes));
                    sent.complete(writer.get(60, TimeUnit.SECONDS));
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                    sent.completeExceptionally(e);
                    throw e;
                }
                // Hold the connection until the client has everything and closes.
                socket.getInputStream().read();
            };
        }
    }

    /** Sends and receives SIZE bytes on the client socket at once and compares both directions. */
    private void exchange(Socket client, DuplexBackend backend, Backend server, long clientSeed) throws Exception {
        Future<byte[]> clientSent = fx.async(() -> sendRandom(client.getOutputStream(), SIZE, clientSeed));
        AtomicLong clientReceivedBytes = new AtomicLong();
        byte[] clientReceived;
        try {
            clientReceived = receive(client.getInputStream(), SIZE, clientReceivedBytes);
        } catch (IOException e) {
            throw new AssertionError("client receive failed after " + clientReceivedBytes + " bytes (backend received "
                    + backend.receivedBytes + " bytes, backend failure: " + server.failure() + ")", e);
        }
        String seed = " (seed " + clientSeed + ")";
        assertArrayEquals("SHA-256 of backend -> client" + seed, backend.sent.get(60, TimeUnit.SECONDS), clientReceived);
        assertArrayEquals("SHA-256 of client -> backend" + seed, clientSent.get(60, TimeUnit.SECONDS),
                backend.received.get(60, TimeUnit.SECONDS));
    }

    @Test(timeout = 90_000)
    public void serverTunnelRelays100MegabytesEachWayConcurrentlyWithoutCorruption() throws Exception {
        long seed = System.nanoTime();
        DuplexBackend duplex = new DuplexBackend();
        Backend backend = fx.backend(duplex.handler(fx, seed + 1));
        CountingObserver observer = new CountingObserver();
        Listener tunnel = fx.listen(Fixtures.serverSpec("server", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            exchange(client, duplex, backend, seed);
        }

        assertEquals("plaintext bytes counted in", SIZE, observer.bytesIn.get());
        assertEquals("plaintext bytes counted out", SIZE, observer.bytesOut.get());
        Fixtures.await("the connection to be closed", 5_000, () -> observer.closed.get() == 1);
        // The observer hears of the close just before the listener lets the connection go.
        Fixtures.await("the listener to let it go", 5_000, () -> tunnel.activeConnections() == 0);
        assertNull("backend failure", backend.failure());
    }

    @Test(timeout = 90_000)
    public void chainedClientAndServerTunnelsRelay100MegabytesEachWayConcurrentlyWithoutCorruption()
            throws Exception {
        long seed = System.nanoTime();
        DuplexBackend duplex = new DuplexBackend();
        Backend backend = fx.backend(duplex.handler(fx, seed + 1));
        Chain chain = fx.chain(Fixtures.timeouts(), backend.target());

        try (Socket client = fx.plainClient(chain.entry())) {
            exchange(client, duplex, backend, seed);
        }

        assertEquals(SIZE, chain.clientObserver().bytesIn.get());
        assertEquals(SIZE, chain.clientObserver().bytesOut.get());
        assertEquals(SIZE, chain.serverObserver().bytesIn.get());
        assertEquals(SIZE, chain.serverObserver().bytesOut.get());
        Fixtures.await("both tunnels to close the connection", 5_000,
                () -> chain.clientObserver().closed.get() == 1 && chain.serverObserver().closed.get() == 1);
        assertNull("backend failure", backend.failure());
    }
}
