package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SniRouter;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.pki.SelfSigned;
import io.sluice.tls.jsse.JsseTlsProvider;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A client resolving per connection still means the name it was given: the server's certificate
     * is checked against it (this one names only "localhost", no address) and it is sent as SNI.
     */
    @Test(timeout = 30_000)
    public void aClientResolvingPerConnectionChecksAndSendsTheNameNotTheAddress() throws Exception {
        KeyMaterial nameOnly = SelfSigned.generate("localhost", List.of("localhost"), Duration.ofDays(1));
        List<String> asked = new CopyOnWriteArrayList<>();
        SniRouter recorder = new SniRouter() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public TunnelSpec route(String serverName) {
                asked.add(serverName);
                return null;
            }
        };
        Fixtures.Backend backend = fx.backend(Fixtures.announce('N'));
        Listener server = fx.listen(Fixtures.spec("server", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls(nameOnly)).sni(recorder).build());
        TlsContext trustsTheName = new JsseTlsProvider().newContext(TlsSettings.builder(true)
                .trustAnchors(List.of(nameOnly.leaf())).verifyChain(true).checkConnectHost(true).build());
        Target byName = new Target("localhost", InetSocketAddress.createUnresolved("localhost",
                server.boundAddress().getPort()));
        CountingObserver clientCounts = new CountingObserver();
        Listener client = fx.listen(Fixtures.spec("client", true, List.of(byName), Failover.PRIO, Fixtures.timeouts(),
                clientCounts).tls(trustsTheName).build());
        try (Socket socket = fx.plainClient(client.boundAddress())) {
            assertEquals("the certificate for the name was accepted", 'N', socket.getInputStream().read());
        }
        assertEquals(List.of("localhost"), asked);
        assertEquals(0, clientCounts.handshakeFailed.get());
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
