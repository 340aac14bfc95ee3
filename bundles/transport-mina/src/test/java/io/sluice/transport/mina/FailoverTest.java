package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.transport.mina.Fixtures.Backend;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/** Connecting to the targets in order (PRIO) or in turn (RR), and giving up when none answers. */
public class FailoverTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private Listener serverTunnel(List<Target> targets, Failover failover, CountingObserver observer) throws Exception {
        return fx.listen(Fixtures.serverSpec("failover", targets, failover, Fixtures.timeouts(), observer));
    }

    /** Opens one TLS connection, reads the name the backend announces, closes it. */
    private char connectAndIdentify(Listener tunnel) throws Exception {
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            int name = client.getInputStream().read();
            assertTrue("the backend's name, not EOF", name >= 0);
            return (char) name;
        }
    }

    @Test(timeout = 20_000)
    public void prioSkipsRefusedFirstTargetAndEveryConnectionReachesTheSecond() throws Exception {
        Backend live = fx.backend(Fixtures.announce('L'));
        CountingObserver observer = new CountingObserver();
        Listener tunnel = serverTunnel(List.of(Fixtures.target(Fixtures.closedPort()), live.target()), Failover.PRIO,
                observer);

        for (int i = 0; i < 5; i++) {
            assertEquals("connection " + i, 'L', connectAndIdentify(tunnel));
        }
        assertEquals(5, live.accepted());
        assertEquals("a target that refuses is not a failed connection", 0, observer.connectFailed.get());
    }

    @Test(timeout = 20_000)
    public void roundRobinAlternatesConsecutiveConnectionsBetweenTwoLiveTargets() throws Exception {
        Backend a = fx.backend(Fixtures.announce('A'));
        Backend b = fx.backend(Fixtures.announce('B'));
        Listener tunnel = serverTunnel(List.of(a.target(), b.target()), Failover.RR, new CountingObserver());

        List<Character> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(connectAndIdentify(tunnel));
        }
        for (int i = 1; i < seen.size(); i++) {
            assertNotEquals("connections " + (i - 1) + " and " + i + " of " + seen, seen.get(i - 1), seen.get(i));
        }
        assertEquals(3, a.accepted());
        assertEquals(3, b.accepted());
    }

    @Test(timeout = 20_000)
    public void roundRobinStillReachesTheLiveTargetWhenItsTurnTargetRefuses() throws Exception {
        Backend live = fx.backend(Fixtures.announce('L'));
        CountingObserver observer = new CountingObserver();
        Listener tunnel = serverTunnel(List.of(Fixtures.target(Fixtures.closedPort()), live.target()), Failover.RR,
                observer);

        for (int i = 0; i < 4; i++) {
            assertEquals("connection " + i, 'L', connectAndIdentify(tunnel));
        }
        assertEquals(0, observer.connectFailed.get());
    }

    @Test(timeout = 20_000)
    public void whenAllTargetsRefuseTheClientIsClosedAndConnectFailedIsCounted() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener tunnel = serverTunnel(List.of(Fixtures.target(Fixtures.closedPort()),
                Fixtures.target(Fixtures.closedPort())), Failover.PRIO, observer);

        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            Fixtures.awaitClosedByPeer(client, 5_000);
        }
        Fixtures.await("connectFailed to be counted", 5_000, () -> observer.connectFailed.get() == 1);
        Fixtures.await("the connection to be closed", 5_000, () -> observer.closed.get() == 1);
        assertEquals(1, observer.opened.get());
        assertEquals(0, tunnel.activeConnections());
    }
}
