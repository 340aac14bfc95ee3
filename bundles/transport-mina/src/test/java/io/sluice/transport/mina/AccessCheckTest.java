package io.sluice.transport.mina;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.sluice.api.access.AccessDecision;
import io.sluice.api.access.AccessPolicy;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.TunnelSpec;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;

/** The access policy is asked before TLS with the tunnel's name, the client and the local endpoint. */
public class AccessCheckTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private final CountingObserver observer = new CountingObserver();

    private Listener guarded(AccessPolicy policy) throws Exception {
        TunnelSpec spec = Fixtures.serverSpec("guarded", List.of(fx.backend(Fixtures.echo()).target()), Failover.PRIO,
                Fixtures.timeouts(), observer);
        return fx.listen(spec.toBuilder().access(policy).build());
    }

    @Test(timeout = 20_000)
    public void anAdmittedClientGetsThroughAndThePolicySawTheServiceAndTheLocalEndpoint() throws Exception {
        AtomicReference<String> service = new AtomicReference<>();
        AtomicReference<InetSocketAddress> local = new AtomicReference<>();
        Listener tunnel = guarded((name, client, server) -> {
            service.set(name);
            local.set(server);
            return CompletableFuture.completedFuture(AccessDecision.allow("test"));
        });
        try (Socket good = fx.tlsClient(tunnel.boundAddress())) {
            good.getOutputStream().write("ok".getBytes(US_ASCII));
            assertArrayEquals("ok".getBytes(US_ASCII), Fixtures.readExactly(good.getInputStream(), 2));
        }
        assertEquals("guarded", service.get());
        assertEquals("daemon@host rules need the address the client connected to", tunnel.boundAddress(), local.get());
    }

    @Test(timeout = 20_000)
    public void aRefusedClientIsClosedBeforeAnyByteAndCounted() throws Exception {
        Listener tunnel = guarded((name, client, server) -> CompletableFuture.completedFuture(AccessDecision.deny("test")));
        try (Socket refused = fx.plainClient(tunnel.boundAddress())) {
            assertEquals("closed without a byte", -1, refused.getInputStream().read());
        }
        assertEquals(1, observer.refused.get());
    }
}
