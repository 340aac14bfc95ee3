package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/** stunnel's delay = yes: targets given by name are resolved when a connection needs them. */
public class DelayedResolutionTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    @Test(timeout = 30_000)
    public void aNameIsResolvedPerConnection() throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.announce('L'));
        Target byName = new Target("localhost", InetSocketAddress.createUnresolved("localhost", backend.address().getPort()));
        Listener client = fx.listen(Fixtures.clientSpec("client", List.of(Fixtures.target(
                fx.listen(Fixtures.serverSpec("server", List.of(byName), Failover.PRIO, Fixtures.timeouts(),
                        new CountingObserver())).boundAddress())), Failover.PRIO, Fixtures.timeouts(), new CountingObserver()));
        for (int i = 0; i < 2; i++) {
            try (Socket socket = fx.plainClient(client.boundAddress())) {
                assertEquals('L', socket.getInputStream().read());
            }
        }
        assertEquals(2, backend.accepted());
    }

    @Test(timeout = 30_000)
    public void aNameThatDoesNotResolveCostsTheConnectionOnly() throws Exception {
        CountingObserver counts = new CountingObserver();
        Target nowhere = new Target("no-such-host.invalid", InetSocketAddress.createUnresolved("no-such-host.invalid", 80));
        Listener server = fx.listen(Fixtures.serverSpec("server", List.of(nowhere), Failover.PRIO, Fixtures.timeouts(),
                counts));
        try (Socket socket = fx.tlsClient(server.boundAddress())) {
            assertEquals("closed after the handshake, when the target does not resolve", -1, socket.getInputStream().read());
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (counts.connectFailed.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, counts.connectFailed.get());
    }
}
