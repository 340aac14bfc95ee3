package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import io.sluice.transport.mina.Fixtures.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;

/** TIMEOUTidle, TIMEOUThandshake and TIMEOUTconnect. TIMEOUTclose is in {@link HalfCloseTest}. */
public class TimeoutsTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Rule
    public final Fixtures fx = new Fixtures();

    private final List<Socket> blackholeFillers = new ArrayList<>();
    private ServerSocket blackhole;

    @After
    public void tearDown() {
        blackholeFillers.forEach(Fixtures::closeQuietly);
        if (blackhole != null) {
            Fixtures.closeQuietly(blackhole);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void echoOnce(Socket client, int b) throws IOException {
        client.getOutputStream().write(b);
        client.getOutputStream().flush();
        assertEquals("echo", b, client.getInputStream().read());
    }

    @Test(timeout = 20_000)
    public void idleConnectionIsClosedAfterIdleTimeout() throws Exception {
        CountingObserver observer = new CountingObserver();
        Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.serverSpec("idle", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), LONG, LONG), observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            echoOnce(client, 'x');
            long start = System.nanoTime();
            Fixtures.awaitClosedByPeer(client, 5_000);
            long elapsed = millisSince(start);
            // MINA checks idleness once a second: closed between 1 and about 2 s after the last byte.
            assertTrue("closed after " + elapsed + " ms of silence, TIMEOUTidle is 1 s", elapsed >= 800 && elapsed < 4_000);
        }
        Fixtures.await("the connection to be closed", 5_000, () -> observer.closed.get() == 1);
        assertEquals(0, tunnel.activeConnections());
    }

    @Test(timeout = 20_000)
    public void connectionWithTrafficOutlivesIdleTimeout() throws Exception {
        CountingObserver observer = new CountingObserver();
        Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.serverSpec("idle", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), LONG, LONG), observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            long start = System.nanoTime();
            // A byte each way every 250 ms for 3 s: three idle timeouts, never 1 s of silence.
            for (int i = 0; millisSince(start) < 3_000; i++) {
                echoOnce(client, 'a' + i % 26);
                Thread.sleep(250);
            }
            assertEquals("still open", 0, observer.closed.get());
            echoOnce(client, '!');
        }
    }

    @Test(timeout = 20_000)
    public void silentTcpClientIsClosedAfterHandshakeTimeoutAndCountedAsHandshakeFailure() throws Exception {
        CountingObserver observer = new CountingObserver();
        Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.serverSpec("handshake", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), LONG, LONG, Duration.ofSeconds(1)), observer));

        try (Socket raw = fx.plainClient(tunnel.boundAddress())) {
            long start = System.nanoTime();
            Fixtures.awaitClosedByPeer(raw, 5_000);
            long elapsed = millisSince(start);
            assertTrue("closed after " + elapsed + " ms, TIMEOUThandshake is 1 s", elapsed >= 800 && elapsed < 4_000);
        }
        Fixtures.await("the connection to be closed", 5_000, () -> observer.closed.get() == 1);
        assertEquals(1, observer.handshakeFailed.get());
        assertEquals(0, backend.accepted());
    }

    /**
     * A target that never answers a SYN: a listening socket with backlog 1 whose accept queue is
     * full (Linux then drops further SYNs). Filled by probing until a probe's connect times out, so
     * the test knows the port is a black hole before the tunnel tries it; skipped where the stack
     * behaves otherwise.
     */
    private Target blackhole() throws IOException {
        blackhole = new ServerSocket(0, 1, InetAddress.getByName(Fixtures.LOOPBACK));
        for (int i = 0; i < 16; i++) {
            Socket probe = new Socket();
            try {
                probe.connect(Fixtures.loopback(blackhole.getLocalPort()), 300);
                blackholeFillers.add(probe);
            } catch (SocketTimeoutException e) {
                probe.close();
                return Fixtures.target(blackhole.getLocalPort());
            }
        }
        Assume.assumeTrue("this TCP stack does not drop SYNs on a full accept queue: no black hole on loopback",
                false);
        return null;
    }

    @Test(timeout = 20_000)
    public void connectTimeoutGivesUpOnSilentTargetAndMovesToTheNext() throws Exception {
        Target silent = blackhole();
        CountingObserver observer = new CountingObserver();
        Backend live = fx.backend(Fixtures.announce('L'));
        Timeouts timeouts = Fixtures.timeouts(Duration.ofSeconds(1), LONG, LONG, Duration.ofSeconds(5));
        Listener tunnel = fx.listen(Fixtures.serverSpec("connect", List.of(silent, live.target()), Failover.PRIO,
                timeouts, observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            long start = System.nanoTime();
            InputStream in = client.getInputStream();
            assertEquals("reached the second target", 'L', in.read());
            long elapsed = millisSince(start);
            // MINA checks connect timeouts about once a second.
            assertTrue("second target reached after " + elapsed + " ms, TIMEOUTconnect is 1 s",
                    elapsed >= 800 && elapsed < 4_000);
            OutputStream out = client.getOutputStream();
            out.write('z');
            out.flush();
            assertEquals('z', in.read());
        }
        assertEquals(0, observer.connectFailed.get());
    }

    @Test(timeout = 20_000)
    public void connectTimeoutOnTheOnlyTargetClosesTheClientAndCountsConnectFailed() throws Exception {
        Target silent = blackhole();
        CountingObserver observer = new CountingObserver();
        Timeouts timeouts = Fixtures.timeouts(Duration.ofSeconds(1), LONG, LONG, Duration.ofSeconds(5));
        Listener tunnel = fx.listen(Fixtures.serverSpec("connect", List.of(silent), Failover.PRIO, timeouts, observer));

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            long start = System.nanoTime();
            Fixtures.awaitClosedByPeer(client, 5_000);
            long elapsed = millisSince(start);
            assertTrue("closed after " + elapsed + " ms, TIMEOUTconnect is 1 s", elapsed >= 800 && elapsed < 4_000);
        }
        Fixtures.await("connectFailed to be counted", 5_000, () -> observer.connectFailed.get() == 1);
        Fixtures.await("the connection to be closed", 5_000, () -> observer.closed.get() == 1);
    }
}
