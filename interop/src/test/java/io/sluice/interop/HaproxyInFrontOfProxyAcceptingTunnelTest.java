package io.sluice.interop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.access.hosts.HostsAccess;
import io.sluice.access.hosts.dns.HostNameResolver;
import io.sluice.access.hosts.rules.Action;
import io.sluice.access.hosts.rules.HostName;
import io.sluice.access.hosts.rules.HostsParser;
import io.sluice.access.hosts.rules.PatternFiles;
import io.sluice.access.hosts.rules.RuleSet;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.ProxyInput;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.interop.Interop.Identity;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * proxyProtocol = accept behind HAProxy 2.6 ({@code send-proxy-v2} and {@code send-proxy}): the
 * clients connect to HAProxy from 127.0.0.2 and 127.0.0.3, HAProxy to Sluice from 127.0.0.1. The
 * libwrap rules deny 127.0.0.2 and would let the load balancer in: the header's address decides.
 */
public class HaproxyInFrontOfProxyAcceptingTunnelTest {

    @Rule
    public final Interop interop = new Interop();

    @Rule
    public final LogCapture logs = new LogCapture();

    private final CountingObserver observer = new CountingObserver();
    private Identity identity;

    @Before
    public void identity() throws Exception {
        identity = interop.identity("sluice");
    }

    /** hosts.deny refusing 127.0.0.2 for the tunnel; nothing in hosts.allow (libwrap's default: allow). */
    private static HostsAccess libwrap() {
        RuleSet rules = RuleSet.of(HostsParser.parse("hosts.allow", "", Action.ALLOW, new PatternFiles()).table(),
                HostsParser.parse("hosts.deny", "interop-server: 127.0.0.2\n", Action.DENY, new PatternFiles()).table());
        HostNameResolver noDns = address -> CompletableFuture.completedFuture(HostName.UNKNOWN);
        return new HostsAccess(() -> rules, noDns);
    }

    /** A tunnel behind the load balancer 127.0.0.1, to {@code connect}. */
    private Listener behindBalancer(ConnectSide connect) throws Exception {
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).build();
        TunnelSpec spec = interop.spec("interop-server", false, new Target("127.0.0.1",
                new InetSocketAddress("127.0.0.1", 9)), settings, observer).connect(connect).access(libwrap())
                .proxyInput(new ProxyInput(List.of(new ProxyInput.Network(InetAddress.getByName("127.0.0.1"), 32))))
                .build();
        return interop.tunnel(spec);
    }

    private int haproxy(int sluicePort, String sendProxy) throws Exception {
        int port = Interop.freePort();
        interop.haproxy("haproxy", port, "frontend fe\n"
                + "    mode tcp\n"
                + "    bind 127.0.0.1:" + port + "\n"
                + "    default_backend be\n"
                + "backend be\n"
                + "    mode tcp\n"
                + "    source 127.0.0.1\n"
                + "    server sluice 127.0.0.1:" + sluicePort + " " + sendProxy + "\n");
        return port;
    }

    /** A TLS client bound to {@code from}, through the load balancer; what it reads after sending {@code line}. */
    private String exchange(String from, int port, String line) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sluice", identity.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        Socket raw = new Socket();
        raw.bind(new InetSocketAddress(from, 0));
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        raw.setSoTimeout(10_000);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", port, true)) {
            tls.startHandshake();
            tls.getOutputStream().write((line + "\n").getBytes(US_ASCII));
            InputStream in = tls.getInputStream();
            StringBuilder answer = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                answer.append((char) b);
            }
            return answer.toString();
        }
    }

    private void assertRealClientDecides(String sendProxy) throws Exception {
        EchoServer echo = interop.echoServer();
        Listener tunnel = behindBalancer(new ConnectSide.Targets(List.of(new Target("127.0.0.1",
                new InetSocketAddress("127.0.0.1", echo.port()))), io.sluice.api.transport.Failover.PRIO));
        int port = haproxy(tunnel.boundAddress().getPort(), sendProxy);
        assertEquals("hello", exchange("127.0.0.3", port, "hello"));
        try {
            String answer = exchange("127.0.0.2", port, "hello");
            fail("127.0.0.2 is denied by libwrap, yet got '" + answer + "'");
        } catch (IOException expected) {
            // closed before the handshake: no TLS
        }
        // Not observer.refused: the test's own readiness probe through HAProxy may close before its
        // header is sent, which the tunnel counts as a refusal too.
        Interop.await("the refusal logged",
                () -> !logs.lines("Service [interop-server] REFUSED by libwrap from 127.0.0.2:").isEmpty(),
                Duration.ofSeconds(5));
        assertEquals(logs.lines("REFUSED").toString(), 1,
                logs.lines("Service [interop-server] REFUSED by libwrap from 127.0.0.2:").size());
        assertEquals(1, logs.lines("PROXY v" + (sendProxy.endsWith("v2") ? "2" : "1")
                + " header from 127.0.0.1:").stream().filter(l -> l.contains("client 127.0.0.2:")).count());
    }

    @Test(timeout = 60_000)
    public void libwrapDecidesOnTheClientOfAV2Header() throws Exception {
        assertRealClientDecides("send-proxy-v2");
    }

    @Test(timeout = 60_000)
    public void libwrapDecidesOnTheClientOfAV1Header() throws Exception {
        assertRealClientDecides("send-proxy");
    }

    @Test(timeout = 60_000)
    public void execSeesTheRealClientInRemoteHost() throws Exception {
        Listener tunnel = behindBalancer(new ConnectSide.Program(new Exec("/bin/sh",
                List.of("sh", "-c", "read line; echo \"$REMOTE_HOST $line\""), null)));
        int port = haproxy(tunnel.boundAddress().getPort(), "send-proxy-v2");
        assertEquals("127.0.0.3 hi", exchange("127.0.0.3", port, "hi"));
    }

    @Test(timeout = 60_000)
    public void aConnectionWithoutHeaderIsRefused() throws Exception {
        EchoServer echo = interop.echoServer();
        Listener tunnel = behindBalancer(new ConnectSide.Targets(List.of(new Target("127.0.0.1",
                new InetSocketAddress("127.0.0.1", echo.port()))), io.sluice.api.transport.Failover.PRIO));
        int port = haproxy(tunnel.boundAddress().getPort(), ""); // a load balancer configured without send-proxy
        try {
            exchange("127.0.0.3", port, "hello");
            fail("a connection without a PROXY header got through");
        } catch (IOException expected) {
            // refused
        }
        // The client's ClientHello came first; the readiness probe's connection (open, close) came empty.
        Interop.await("the refusal logged", () -> logs.lines("PROXY header from 127.0.0.1:").stream()
                .anyMatch(l -> l.endsWith("refused: no PROXY header: the connection starts with 0x16")),
                Duration.ofSeconds(5));
        assertTrue(logs.lines("PROXY header from 127.0.0.1:").stream()
                .anyMatch(l -> l.endsWith("refused: peer closed the connection")));
        Interop.await("both refusals counted", () -> observer.refused.get() == 2, Duration.ofSeconds(5));
    }
}
