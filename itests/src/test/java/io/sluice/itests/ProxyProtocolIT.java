package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The distribution's PROXY protocol in and out, from a tunnel file: proxyProtocol = accept takes the
 * client from a load balancer's header, libwrap decides on that client, and protocol = proxy (its
 * feature booted with the distribution) passes the same client on to the backend; protocol = socks
 * starts too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProxyProtocolIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    /** A connection from the "load balancer" 127.0.0.1 naming {@code client} in a v1 header, then TLS. */
    private static Clients.Line proxied(int port, String client, Path cert) throws Exception {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        plain.getOutputStream().write(("PROXY TCP4 " + client + " 198.51.100.1 50312 443\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return Clients.tls(plain, cert);
    }

    @Test
    public void theClientALoadBalancerNamesIsCheckedByLibwrapAndPassedOnInAProxyHeader() throws Exception {
        Path deny = Tunnels.etc().resolve("hosts.deny");
        Path cert = Tunnels.etc().resolve("sluice.crt");
        try (Backend backend = new Backend("B")) {
            Files.writeString(deny, "proxied : 192.0.2.66\n", StandardCharsets.UTF_8);
            Tunnels.write("proxied", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "libwrap = yes", "proxyProtocol = accept", "proxyFrom = 127.0.0.0/8", "protocol = proxy");
            int port = Tunnels.port(new Tunnels(admin).awaitState("proxied", TunnelState.RUNNING));

            try (Clients.Line line = proxied(port, "192.0.2.7", cert)) {
                // The backend answers each line: first the header Sluice sent it, then ours.
                assertEquals("B:PROXY TCP4 192.0.2.7 198.51.100.1 50312 443", line.readLine());
                assertEquals("B:hello", line.ask("hello"));
            }
            try {
                Clients.Line refused = proxied(port, "192.0.2.66", cert);
                assertNull("denied by hosts.deny, yet answered", refused.ask("hello"));
            } catch (IOException expected) {
                // closed before the handshake
            }
            assertEquals(1, admin.tunnel("proxied").orElseThrow().counters().refused());
        } finally {
            Files.deleteIfExists(deny);
            Tunnels.delete("proxied");
        }
    }

    @Test
    public void aSocksTunnelRuns() throws Exception {
        try {
            Tunnels.write("socks", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9", "protocol = socks",
                    "protocolAllow = localhost:80");
            new Tunnels(admin).awaitState("socks", TunnelState.RUNNING);
        } finally {
            Tunnels.delete("socks");
        }
    }
}
