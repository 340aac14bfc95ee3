package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.transport.mina.Fixtures.Backend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;

/**
 * A reader slower than its writer must slow the writer down, not fill the tunnel's memory: the
 * tunnel stops reading from the fast side while the slow side has too much unsent data.
 */
public class BackpressureTest {

    private static final long TOTAL = 200L * 1024 * 1024;
    /**
     * What may be in flight between the backend's writes and the client's reads: the test's own
     * socket buffers (set to 64 KB), the tunnel's two kernel socket buffers (auto-tuned by the
     * kernel, a few MB) and the tunnel's watermark (256 KB per direction). Unbounded buffering
     * would let the backend write all 200 MB.
     */
    private static final long BOUND = 16L * 1024 * 1024;
    private static final int SOCKET_BUFFER = 64 * 1024;

    @Rule
    public final Fixtures fx = new Fixtures();

    /** Writes TOTAL bytes in 64 KB writes, counting them. */
    private static void writeAll(OutputStream out, AtomicLong written) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        new SplittableRandom(1).nextBytes(chunk);
        while (written.get() < TOTAL) {
            int n = (int) Math.min(chunk.length, TOTAL - written.get());
            out.write(chunk, 0, n);
            written.addAndGet(n);
        }
    }

    @Test(timeout = 60_000)
    public void slowTlsClientReaderStallsTheBackendInsteadOfBufferingInTheTunnel() throws Exception {
        AtomicLong written = new AtomicLong();
        Backend backend = fx.backend(socket -> {
            socket.setSendBufferSize(SOCKET_BUFFER);
            writeAll(socket.getOutputStream(), written);
            socket.getInputStream().read(); // until the client closes
        });
        CountingObserver observer = new CountingObserver();
        Listener tunnel = fx.listen(Fixtures.serverSpec("server", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress(), SOCKET_BUFFER)) {
            readSlowlyThenFast("backend -> TLS client", client.getInputStream(), written);
        }
        assertEquals(TOTAL, observer.bytesOut.get());
        assertNull("backend failure", backend.failure());
    }

    @Test(timeout = 60_000)
    public void slowBackendReaderStallsTheTlsClientInsteadOfBufferingInTheTunnel() throws Exception {
        CompletableFuture<Socket> accepted = new CompletableFuture<>();
        Backend backend = fx.backend(socket -> {
            socket.setReceiveBufferSize(SOCKET_BUFFER);
            accepted.complete(socket);
            Thread.sleep(Long.MAX_VALUE); // the test thread reads this socket
        });
        CountingObserver observer = new CountingObserver();
        Listener tunnel = fx.listen(Fixtures.serverSpec("server", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.setSendBufferSize(SOCKET_BUFFER);
            AtomicLong written = new AtomicLong();
            Future<Void> writer = fx.async(() -> {
                writeAll(client.getOutputStream(), written);
                return null;
            });
            Socket server = accepted.get(10, TimeUnit.SECONDS);
            readSlowlyThenFast("TLS client -> backend", server.getInputStream(), written);
            writer.get(10, TimeUnit.SECONDS);
        }
        assertEquals(TOTAL, observer.bytesIn.get());
    }

    /**
     * Reads nothing until the writer stalls, then slowly for 2 s, then at full speed to the end;
     * the writer must never get more than BOUND ahead.
     */
    private static void readSlowlyThenFast(String direction, InputStream in, AtomicLong written) throws Exception {
        // Not reading at all: the writer must come to a standstill, bounded.
        long stalledAt = awaitStall(written);
        System.out.printf("%s: writer stalled after %d bytes with nothing read%n", direction, stalledAt);
        assertTrue(direction + ": writer got " + stalledAt + " bytes out to a reader that read nothing",
                stalledAt < BOUND);

        // Reading slowly (16 KB every 20 ms for 2 s): the writer stays at most BOUND ahead.
        long read = 0;
        long maxAhead = stalledAt;
        byte[] buffer = new byte[16 * 1024];
        long slowUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < slowUntil) {
            read += readSome(in, buffer, buffer.length);
            maxAhead = Math.max(maxAhead, written.get() - read);
            Thread.sleep(20);
        }
        System.out.printf("%s: slow reader read %d bytes, writer at most %d bytes ahead%n", direction, read, maxAhead);
        assertTrue(direction + ": writer was " + maxAhead + " bytes ahead of a slow reader", maxAhead < BOUND);

        // Reading at full speed: everything arrives, the writer was never blocked for good.
        byte[] big = new byte[64 * 1024];
        while (read < TOTAL) {
            read += readSome(in, big, (int) Math.min(big.length, TOTAL - read));
        }
        assertEquals(TOTAL, read);
    }

    private static int readSome(InputStream in, byte[] buffer, int max) throws Exception {
        int n = in.read(buffer, 0, max);
        if (n < 0) {
            throw new AssertionError("unexpected EOF");
        }
        return n;
    }

    /** Waits until the backend's count stops moving for 1 s; returns it. */
    private static long awaitStall(AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = written.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since >= 1_000_000_000L) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the backend never stalled: wrote " + written.get() + " bytes");
    }
}
