package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** A Sluice client-mode tunnel to openssl s_server -rev, which sends every line back reversed. */
public class SluiceClientToOpenSslServerTest {

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Rule
    public final Interop interop = new Interop(provider());

    private Peer server;
    private CountingObserver observer;
    private int sluicePort;

    @Before
    public void startServerAndTunnel() throws Exception {
        String openssl = Interop.binary("openssl");
        Identity serverIdentity = interop.identity("s_server");
        int serverPort = Interop.freePort();
        // -rev implies -brief: s_server logs each connection's protocol.
        server = interop.start("s_server", List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + serverPort,
                "-cert", serverIdentity.cert().toString(), "-key", serverIdentity.key().toString(),
                "-rev"), false);
        Interop.awaitPort(server, serverPort, Duration.ofSeconds(15));
        observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(serverIdentity.certificate()), "localhost", serverPort, observer);
        sluicePort = sluice.boundAddress().getPort();
    }

    @Test(timeout = 60_000)
    public void lineComesBackReversed() throws Exception {
        assertEquals("eciuls hguorht olleh", Interop.exchangeLine(sluicePort, "hello through sluice"));

        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
        Interop.await("s_server logs a TLS 1.3 connection",
                () -> server.logText().contains("Protocol version: TLSv1.3"), Duration.ofSeconds(5));
    }

    /**
     * A connection, a handshake and a line there and back on the loopback take milliseconds; a
     * client-mode tunnel must not add a pause of its own before it relays the client's first bytes.
     * The best of three connections is taken, so a busy machine does not fail the test.
     */
    @Test(timeout = 60_000)
    public void firstBytesAreRelayedWithoutDelay() throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertEquals("olleh", Interop.exchangeLine(sluicePort, "hello"));
            best = Math.min(best, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        assertTrue("fastest of 3 connections through Sluice to s_server took " + best + " ms (connect, TLS, one line)",
                best < 500);
    }
}
