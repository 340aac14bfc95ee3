package io.sluice.transport.mina;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.transport.mina.Fixtures.Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Rule;
import org.junit.Test;

/** A peer that does not speak TLS loses its own connection and nothing else. */
public class GarbagePeerTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    /** Sends the bytes on a raw TCP connection and expects the tunnel to close it, well before TIMEOUThandshake. */
    private void sendGarbage(Listener tunnel, byte[] garbage) throws Exception {
        try (Socket raw = fx.plainClient(tunnel.boundAddress())) {
            OutputStream out = raw.getOutputStream();
            try {
                out.write(garbage);
                out.flush();
            } catch (IOException e) {
                return; // reset by the tunnel before all of it was out: closed
            }
            Fixtures.awaitClosedByPeer(raw, 3_000);
        }
    }

    @Test(timeout = 20_000)
    public void garbageInsteadOfTlsCostsOnlyThatConnection() throws Exception {
        CountingObserver observer = new CountingObserver();
        Backend backend = fx.backend(Fixtures.echo());
        // TIMEOUThandshake (5 s) is longer than sendGarbage waits: the close must come from the failed handshake.
        Listener tunnel = fx.listen(Fixtures.serverSpec("garbage", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer));

        // An active TLS connection that must survive its neighbours' garbage.
        Socket good = fx.tlsClient(tunnel.boundAddress());
        good.getOutputStream().write("before".getBytes(US_ASCII));
        assertArrayEquals("before".getBytes(US_ASCII), Fixtures.readExactly(good.getInputStream(), 6));

        sendGarbage(tunnel, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));
        Fixtures.await("the HTTP request to count as a failed handshake", 5_000,
                () -> observer.handshakeFailed.get() == 1);

        byte[] random = new byte[40 * 1024];
        new SplittableRandom(42).nextBytes(random);
        sendGarbage(tunnel, random);
        Fixtures.await("the random bytes to count as a failed handshake", 5_000,
                () -> observer.handshakeFailed.get() == 2);

        // The connection that was open all along still relays...
        good.getOutputStream().write("after".getBytes(US_ASCII));
        assertArrayEquals("after".getBytes(US_ASCII), Fixtures.readExactly(good.getInputStream(), 5));
        good.close();

        // ... and a new one works.
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.getOutputStream().write("hello".getBytes(US_ASCII));
            assertArrayEquals("hello".getBytes(US_ASCII), Fixtures.readExactly(client.getInputStream(), 5));
        }

        Fixtures.await("all four connections to be closed", 5_000, () -> observer.closed.get() == 4);
        assertEquals(4, observer.opened.get());
        assertEquals(2, observer.handshakeFailed.get());
        assertEquals("garbage never reached the backend", 2, backend.accepted());
    }

    /**
     * A ClientHello whose record length lies (longer than any record may be), then the end of the
     * client's output: the engine's alert must still be written (it once spun forever growing a
     * buffer too little), for more such clients than there are handshake threads.
     */
    @Test(timeout = 60_000)
    public void helloRecordsWithLyingLengthsCostTheirConnectionsOnly() throws Exception {
        Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.serverSpec("lying", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()));
        byte[] hello = clientHello();
        for (byte[] length : new byte[][] {{(byte) 0xff, (byte) 0xff}, {0x48, 0x01}, {0x40, 0x01}}) {
            for (int i = 0; i < MinaTransport.HANDSHAKE_THREADS + 2; i++) {
                byte[] lying = hello.clone();
                lying[3] = length[0];
                lying[4] = length[1];
                try (Socket raw = fx.plainClient(tunnel.boundAddress())) {
                    raw.getOutputStream().write(lying);
                    raw.shutdownOutput();
                    Fixtures.awaitClosedByPeer(raw, 5_000);
                } catch (IOException reset) {
                    // reset by the tunnel: closed all the same
                }
            }
        }
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.getOutputStream().write("still".getBytes(US_ASCII));
            assertArrayEquals("still".getBytes(US_ASCII), Fixtures.readExactly(client.getInputStream(), 5));
        }
    }

    private static byte[] clientHello() throws Exception {
        javax.net.ssl.SSLEngine engine = Fixtures.jdkClient().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
