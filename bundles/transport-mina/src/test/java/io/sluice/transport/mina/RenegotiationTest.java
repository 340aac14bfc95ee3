package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.Rule;
import org.junit.Test;

/**
 * A TLS 1.2 client's renegotiation makes the server do a full handshake on demand, on the I/O
 * threads every connection shares: refused by default, it ends that connection only.
 */
public class RenegotiationTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private Listener tunnel(boolean renegotiation, CountingObserver observer) throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        return fx.listen(Fixtures.spec("renegotiation", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer).tls(Fixtures.serverTls()).renegotiation(renegotiation).build());
    }

    private SSLSocket tls12Client(Listener tunnel) throws Exception {
        SSLSocket socket = (SSLSocket) Fixtures.jdkClient().getSocketFactory().createSocket(
                tunnel.boundAddress().getAddress(), tunnel.boundAddress().getPort());
        socket.setSoTimeout(Fixtures.SO_TIMEOUT_MS);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.startHandshake();
        return socket;
    }

    @Test(timeout = 30_000)
    public void refusedByDefaultItEndsThatConnectionAndOthersGoOn() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(false, observer);
        try (SSLSocket bystander = tls12Client(tunnel); SSLSocket renegotiating = tls12Client(tunnel)) {
            renegotiating.getOutputStream().write('a');
            assertEquals('a', renegotiating.getInputStream().read());
            boolean ended;
            try {
                renegotiating.startHandshake(); // a new ClientHello on the established connection
                renegotiating.getOutputStream().write('b');
                ended = renegotiating.getInputStream().read() < 0;
            } catch (IOException closed) {
                ended = true;
            }
            assertTrue("the renegotiating connection ends", ended);
            bystander.getOutputStream().write('c');
            assertEquals("another connection is untouched", 'c', bystander.getInputStream().read());
        }
        Fixtures.await("counted under its reason", 5_000, () -> observer.handshakeFailed.get() == 1);
    }

    @Test(timeout = 30_000)
    public void allowedWithRenegotiationYes() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(true, observer);
        try (SSLSocket client = tls12Client(tunnel)) {
            client.getOutputStream().write('a');
            assertEquals('a', client.getInputStream().read());
            client.startHandshake();
            client.getOutputStream().write('b');
            assertEquals("the connection goes on after renegotiating", 'b', client.getInputStream().read());
        }
        assertEquals(0, observer.handshakeFailed.get());
    }
}
