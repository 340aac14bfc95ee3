package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SniRouter;
import io.sluice.api.transport.TunnelSpec;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * One deadline (TIMEOUThandshake) from accept over every stage of the setup, and no thread per
 * client that waits: what a slowloris attack costs is a socket each, for a bounded time.
 */
public class SetupDeadlineTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @Rule
    public final Fixtures fx = new Fixtures();

    /** Secondaries exist, so every connection's ClientHello is read for its server name first. */
    private static final SniRouter SECONDARIES = new SniRouter() {
        @Override
        public boolean active() {
            return true;
        }

        @Override
        public TunnelSpec route(String serverName) {
            return null;
        }
    };

    private Listener tunnel(CountingObserver observer, ProtocolNegotiator negotiator) throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        TunnelSpec spec = Fixtures.spec("deadline", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), LONG, LONG, DEADLINE), observer).tls(Fixtures.serverTls())
                .sni(negotiator == null ? SECONDARIES : null).negotiator(negotiator).build();
        return fx.listen(spec);
    }

    private static long negotiationThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sluice-negotiation")).count();
    }

    @Test(timeout = 30_000)
    public void silentClientsWaitingForTheirServerNameHoldNoThreadAndAreClosedAtTheDeadline() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(observer, null);
        long threadsBefore = negotiationThreads();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                silent.add(fx.plainClient(tunnel.boundAddress()));
            }
            Fixtures.await("100 connections open", 5_000, () -> tunnel.activeConnections() == 100);
            assertEquals("no worker thread per waiting client", threadsBefore, negotiationThreads());
            long start = System.nanoTime();
            for (Socket socket : silent) {
                Fixtures.awaitClosedByPeer(socket, 10_000);
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue("all closed " + elapsed + " ms after they were open, TIMEOUThandshake is 1 s", elapsed < 5_000);
        } finally {
            silent.forEach(Fixtures::closeQuietly);
        }
        Fixtures.await("every connection counted closed", 5_000, () -> observer.closed.get() == 100);
        assertEquals(100, observer.handshakeFailed.get());
    }

    @Test(timeout = 30_000)
    public void aClientDribblingItsHelloIsClosedAtTheDeadlineNotAtEachReadsTimeout() throws Exception {
        Listener tunnel = tunnel(new CountingObserver(), null);
        byte[] hello = {22, 3, 1, 0x02, 0x00, 1, 0, 1, (byte) 0xfc, 3, 3};
        try (Socket socket = fx.plainClient(tunnel.boundAddress())) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            try {
                for (byte b : hello) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (java.io.IOException closed) {
                // the deadline came while dribbling: what this test expects
            }
            Fixtures.awaitClosedByPeer(socket, 10_000);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue("closed after " + elapsed + " ms; a byte every 300 ms, TIMEOUThandshake 1 s", elapsed < 4_000);
        }
    }

    @Test(timeout = 30_000)
    public void aSilentClientOfANegotiatorIsClosedAtTheDeadlineAndItsWorkerIsFreed() throws Exception {
        ProtocolNegotiator waitsForALine = context -> context.tlsSide().readLine(1000);
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(observer, waitsForALine);
        long threadsBefore = negotiationThreads();
        try (Socket socket = fx.plainClient(tunnel.boundAddress())) {
            long start = System.nanoTime();
            Fixtures.awaitClosedByPeer(socket, 10_000);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue("closed after " + elapsed + " ms; TIMEOUThandshake 1 s, TIMEOUTbusy 5 s", elapsed < 3_000);
        }
        // The worker was released by the close, not by TIMEOUTbusy: it is idle again at once.
        Fixtures.await("the negotiator's read to return", 3_000, () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sluice-negotiation"))
                .noneMatch(t -> t.getState() == Thread.State.TIMED_WAITING && isReading(t)));
        assertTrue(negotiationThreads() <= threadsBefore + 1);
        Fixtures.await("the connection counted closed", 5_000, () -> observer.closed.get() == 1);
    }

    private static boolean isReading(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().endsWith("BlockingChannel")) {
                return true;
            }
        }
        return false;
    }
}
