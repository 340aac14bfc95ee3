package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Limits;
import io.sluice.api.transport.Listener;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/** maxConnections, maxSetups, maxConnectionsPerSource and the process-wide bound, refused at accept. */
public class ConnectionLimitsTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private Listener tunnel(Limits limits, CountingObserver observer) throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        return fx.listen(Fixtures.spec("limited", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), observer).tls(Fixtures.serverTls()).limits(limits).build());
    }

    @Test(timeout = 30_000)
    public void beyondMaxConnectionsANewConnectionIsClosedAtOnceAndCountedWhileTheOthersGoOn() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(new Limits(2, 0, 0), observer);
        try (Socket first = fx.tlsClient(tunnel.boundAddress()); Socket second = fx.tlsClient(tunnel.boundAddress())) {
            try (Socket third = fx.plainClient(tunnel.boundAddress())) {
                Fixtures.awaitClosedByPeer(third, 5_000);
            }
            Fixtures.await("the refusal counted", 5_000, () -> observer.refused.get() == 1);
            for (Socket open : List.of(first, second)) {
                open.getOutputStream().write('x');
                assertEquals("the admitted ones still relay", 'x', open.getInputStream().read());
            }
        }
        Fixtures.await("both closed", 5_000, () -> tunnel.activeConnections() == 0);
        try (Socket again = fx.tlsClient(tunnel.boundAddress())) {
            again.getOutputStream().write('y');
            assertEquals("room again once they closed", 'y', again.getInputStream().read());
        }
    }

    @Test(timeout = 30_000)
    public void maxSetupsBoundsOnlyConnectionsThatHaveNotStartedRelaying() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(new Limits(0, 1, 0), observer);
        try (Socket relaying = fx.tlsClient(tunnel.boundAddress())) {
            relaying.getOutputStream().write('a');
            assertEquals('a', relaying.getInputStream().read());
            try (Socket silent = fx.plainClient(tunnel.boundAddress())) {
                Fixtures.await("the silent one in setup", 5_000, () -> tunnel.activeConnections() == 2);
                try (Socket refused = fx.plainClient(tunnel.boundAddress())) {
                    Fixtures.awaitClosedByPeer(refused, 5_000);
                }
            }
        }
        assertEquals(1, observer.refused.get());
    }

    @Test(timeout = 30_000)
    public void maxConnectionsPerSourceCountsEachClientAddress() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = tunnel(new Limits(0, 0, 1), observer);
        try (Socket one = fx.tlsClient(tunnel.boundAddress())) {
            try (Socket sameAddress = fx.plainClient(tunnel.boundAddress())) {
                Fixtures.awaitClosedByPeer(sameAddress, 5_000);
            }
            one.getOutputStream().write('z');
            assertEquals('z', one.getInputStream().read());
        }
        assertEquals(1, observer.refused.get());
    }

    @Test
    public void theProcessWideBoundIsStunnelsShareOfTheDescriptors() {
        assertEquals(500, GlobalCap.fromDescriptorLimit(1024));
        assertEquals(512_000, GlobalCap.fromDescriptorLimit(1_048_576));
        GlobalCap two = new GlobalCap(2);
        ConnectionLimits limits = new ConnectionLimits(Limits.NONE, two);
        InetAddress source = InetAddress.getLoopbackAddress();
        assertNull(limits.admit(source));
        assertNull(limits.admit(source));
        assertEquals("too many clients (>=2)", limits.admit(source));
        limits.closed(source, true);
        assertNull("a closed connection frees its place", limits.admit(source));
    }
}
