package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelState;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Target;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.LogCapture;
import io.sluice.transport.mina.MinaTransport;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * A connect or redirect name that does not resolve when the tunnel starts (DNS down, a back-end not
 * registered yet) is resolved for each connection, as stunnel does, with a warning; an accept name
 * that does not resolve still refuses the configuration.
 */
public class UnresolvedAtStartTest {

    private static final String LATER = " now; resolving it for each connection (as delay = yes)";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private TunnelConfigs configs() {
        return new TunnelConfigs(tmp.getRoot().toPath());
    }

    @Test
    public void anUnresolvableConnectHostIsResolvedPerConnectionWithAWarning() throws Exception {
        TunnelSettings s = EndpointResolver.resolve(configs().parse("accept", "127.0.0.1:0",
                "connect", "127.0.0.1:80, no-such-host.invalid:81"));
        assertFalse("the name that resolves is resolved", s.targets().get(0).address().isUnresolved());
        Target later = s.targets().get(1);
        assertTrue("the other stays a name", later.address().isUnresolved());
        assertEquals("no-such-host.invalid:81", later.toString());
        assertFalse("delay is not switched on for the names that resolve", s.delay());
        List<String> lines = log.lines("cannot resolve no-such-host.invalid");
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains(" WARN "));
        assertTrue(lines.get(0), lines.get(0).endsWith(
                "Service [t]: connect = no-such-host.invalid:81: cannot resolve no-such-host.invalid" + LATER));
    }

    @Test
    public void anUnresolvableRedirectHostIsResolvedPerConnectionWithAWarning() throws Exception {
        TunnelSettings s = EndpointResolver.resolve(configs().parse("accept", "127.0.0.1:0", "connect", "127.0.0.1:80",
                "cert", "s.pem", "verifyChain", "yes", "CAfile", "ca.pem", "redirect", "honeypot.invalid:9"));
        assertTrue(s.redirect().get(0).address().isUnresolved());
        assertEquals(1, log.lines("Service [t]: redirect = honeypot.invalid:9: cannot resolve honeypot.invalid"
                + LATER).size());
    }

    @Test
    public void withDelayNothingIsSaid() throws Exception {
        TunnelSettings s = EndpointResolver.resolve(configs().parse("accept", "127.0.0.1:0",
                "connect", "no-such-host.invalid:80", "delay", "yes"));
        assertTrue(s.targets().get(0).address().isUnresolved());
        assertEquals(List.of(), log.lines("no-such-host.invalid"));
    }

    @Test
    public void anUnresolvableAcceptHostIsStillRefused() {
        String refusal = configs().refusal("accept", "no-such-host.invalid:8443", "connect", "80");
        assertTrue(refusal, refusal.startsWith("Service [t]: accept = no-such-host.invalid:8443: cannot resolve "));
    }

    /** The tunnel runs; each connection tries the name again (and is closed while it does not resolve). */
    @Test
    public void theTunnelRunsInsteadOfFailing() throws Exception {
        MinaTransport transport = new MinaTransport();
        transport.activate();
        TunnelComponent tunnel = new TunnelComponent();
        try {
            Wiring.transport(tunnel, transport);
            tunnel.addTlsProvider(new JsseTlsProvider(), Map.of(TlsProvider.NAME, "jsse"));
            Map<String, Object> properties = new HashMap<>();
            properties.put("service.pid", "io.sluice.tunnel~dns");
            // The provider added above (without tlsProvider, Linux x86_64 gets openssl).
            properties.put("tlsProvider", "jsse");
            properties.put("client", "yes");
            properties.put("accept", "127.0.0.1:0");
            properties.put("connect", "no-such-host.invalid:443");
            BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
            tunnel.activate(context, properties);

            assertEquals(tunnel.status().reason(), TunnelState.RUNNING, tunnel.status().state());
            assertEquals(1, log.lines("Service [dns]: connect = no-such-host.invalid:443: cannot resolve"
                    + " no-such-host.invalid" + LATER).size());
            String bound = tunnel.status().bound();
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1)))) {
                plain.setSoTimeout(15_000);
                plain.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                int read;
                try {
                    read = plain.getInputStream().read();
                } catch (SocketException reset) {
                    read = -1; // closed with a reset, as stunnel does on errors
                }
                assertEquals("closed: the name still does not resolve", -1, read);
            }
        } finally {
            tunnel.deactivate(0);
            transport.deactivate();
        }
    }
}
