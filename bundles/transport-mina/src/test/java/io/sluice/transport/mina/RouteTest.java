package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;

import io.sluice.api.access.AccessPolicy;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.ConnectionObserver;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.ProxyInput;
import io.sluice.api.transport.SniRouter;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import io.sluice.api.transport.TunnelSpec;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/** The route table: which stages a connection of each kind of tunnel goes through, in order. No I/O. */
public class RouteTest {

    private static final AcceptSide SOCKET = new AcceptSide.Sockets(new InetSocketAddress("127.0.0.1", 0));
    private static final ConnectSide TARGETS = new ConnectSide.Targets(
            List.of(new Target("127.0.0.1", new InetSocketAddress("127.0.0.1", 9))), Failover.PRIO);
    private static final Exec PROGRAM = new Exec("/bin/cat", List.of("cat"), null);
    private static final AccessPolicy LIBWRAP = (service, client, server) -> null;
    private static final ProtocolNegotiator SMTP = context -> { };
    private static final SniRouter SECONDARIES = stub(SniRouter.class);

    @Test
    public void server() {
        assertRoute(spec(false), "TLS", "dial", "relay");
    }

    @Test
    public void client() {
        assertRoute(spec(true), "dial", "TLS", "relay");
    }

    @Test
    public void theAccessCheckComesFirstInEitherMode() {
        assertRoute(spec(false).access(LIBWRAP), "admit", "TLS", "dial", "relay");
        assertRoute(spec(true).access(LIBWRAP), "admit", "dial", "TLS", "relay");
    }

    @Test
    public void serverWithANegotiatorHasItsThreeHooks() {
        assertRoute(spec(false).negotiator(SMTP).access(LIBWRAP), "admit", "negotiate before TLS", "TLS",
                "negotiate inside TLS", "dial", "negotiate with target", "relay");
    }

    @Test
    public void clientNegotiatesWithTheTargetBeforeTlsAndInsideIt() {
        assertRoute(spec(true).negotiator(SMTP), "dial", "negotiate before TLS", "TLS",
                "negotiate with the server inside TLS", "relay");
    }

    @Test
    public void execInPlaceOfTheTargets() {
        assertRoute(spec(false).connect(new ConnectSide.Program(PROGRAM)), "TLS", "exec", "relay");
        assertRoute(spec(true).connect(new ConnectSide.Program(PROGRAM)), "exec", "TLS", "relay");
    }

    @Test
    public void execConnectAndInetdTakeTheRouteOfTheirMode() {
        AcceptSide program = new AcceptSide.Program(PROGRAM);
        assertRoute(spec(false).accept(program), "TLS", "dial", "relay");
        assertRoute(spec(true).accept(program), "dial", "TLS", "relay");
        assertRoute(spec(false).accept(new AcceptSide.Stdio()), "TLS", "dial", "relay");
        assertRoute(spec(true).accept(new AcceptSide.Stdio()).connect(new ConnectSide.Program(PROGRAM)),
                "exec", "TLS", "relay");
    }

    @Test
    public void aTunnelWithSecondariesReadsTheServerNameBeforeTls() {
        assertRoute(spec(false).sni(SECONDARIES).access(LIBWRAP), "admit", "route by server name", "TLS", "dial",
                "relay");
    }

    @Test
    public void aNegotiatorBeforeTlsLeavesNoServerNameToRouteBy() {
        assertRoute(spec(false).sni(SECONDARIES).negotiator(SMTP), "negotiate before TLS", "TLS",
                "negotiate inside TLS", "dial", "negotiate with target", "relay");
    }

    @Test
    public void aSecondaryStartsWithItsOwnAccessCheckAndHasNoPlaintextBeforeTls() {
        AcceptSide secondary = new AcceptSide.ByServerName("primary");
        assertRoute(spec(false).accept(secondary).access(LIBWRAP), "admit", "TLS", "dial", "relay");
        assertRoute(spec(false).accept(secondary).negotiator(SMTP), "TLS", "negotiate inside TLS", "dial",
                "negotiate with target", "relay");
    }

    @Test
    public void aPROXYHeaderIsReadFirstSoThatTheAccessCheckSeesTheRealClient() {
        ProxyInput balancers = new ProxyInput(List.of(new ProxyInput.Network(InetAddress.getLoopbackAddress(), 8)));
        assertRoute(spec(false).proxyInput(balancers).access(LIBWRAP), "read PROXY header", "admit", "TLS", "dial",
                "relay");
        assertRoute(spec(true).proxyInput(balancers).access(LIBWRAP), "read PROXY header", "admit", "dial", "TLS",
                "relay");
        assertRoute(spec(false).proxyInput(balancers).sni(SECONDARIES).negotiator(SMTP), "read PROXY header",
                "negotiate before TLS", "TLS", "negotiate inside TLS", "dial", "negotiate with target", "relay");
    }

    @Test
    public void redirectIsDecidedByTheHandshake() {
        assertRoute(spec(false).redirect(List.of(new Target("127.0.0.1", new InetSocketAddress("127.0.0.1", 10)))),
                "TLS, failed verification redirected", "dial", "relay");
    }

    private static void assertRoute(TunnelSpec.Builder spec, String... stages) {
        assertEquals(List.of(stages), Route.of(spec.build()).names());
    }

    private static TunnelSpec.Builder spec(boolean client) {
        return TunnelSpec.builder("t").client(client).accept(SOCKET).connect(TARGETS).tls(stub(TlsContext.class))
                .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .observer(stub(ConnectionObserver.class));
    }

    /** An interface nobody calls here: building a route looks only at which parts a spec has. */
    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        }));
    }
}
