package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.net.ConnectException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Tunnels made by dropping, editing and deleting etc/io.sluice.tunnel-NAME.cfg in a running Sluice. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TunnelFilesIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    private static Path defaultCertificate() {
        return Tunnels.etc().resolve("sluice.crt");
    }

    @Test
    public void theDemoTunnelRunsOutOfTheBox() throws Exception {
        TunnelStatus demo = new Tunnels(admin).awaitState("demo", TunnelState.RUNNING);
        assertEquals("127.0.0.1:8443", demo.bound());
    }

    @Test
    public void serverTunnelDroppedAtRuntimeCarriesDataForJdkAndOpensslClients() throws Exception {
        try (Backend backend = new Backend("A")) {
            Tunnels.write("srv", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            int port = Tunnels.port(new Tunnels(admin).awaitState("srv", TunnelState.RUNNING));
            try (Clients.Line jdk = Clients.tls(port, defaultCertificate())) {
                assertEquals("A:hello over TLS", jdk.ask("hello over TLS"));
            }
            assertEquals("A:hello from openssl", Clients.opensslLine(port, defaultCertificate(), "hello from openssl"));
            TunnelStatus status = admin.tunnel("srv").orElseThrow();
            assertTrue("counted connections: " + status, status.counters().totalConnections() >= 2);
            assertTrue("counted bytes: " + status, status.counters().bytesIn() >= "hello over TLS\n".length());
        } finally {
            Tunnels.delete("srv");
        }
    }

    @Test
    public void aTunnelOnBouncyCastleCarriesDataToJdkAndOpensslClients() throws Exception {
        try (Backend backend = new Backend("BC")) {
            Tunnels.write("bc", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "tlsProvider = bc");
            TunnelStatus status = new Tunnels(admin).awaitState("bc", TunnelState.RUNNING);
            assertEquals("bc", status.tlsProvider());
            try (Clients.Line jdk = Clients.tls(Tunnels.port(status), defaultCertificate())) {
                assertEquals("BC:over BCJSSE", jdk.ask("over BCJSSE"));
            }
            assertEquals("BC:openssl to BCJSSE",
                    Clients.opensslLine(Tunnels.port(status), defaultCertificate(), "openssl to BCJSSE"));
        } finally {
            Tunnels.delete("bc");
        }
    }

    /**
     * TLS-PSK in the container: a server tunnel with PSKsecrets and no cert (bc implied) serves
     * openssl s_client -psk in both versions, and a PSK client tunnel on the same file reaches it.
     */
    @Test
    public void pskTunnelsCarryDataWithoutCertificates() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        String key = "000102030405060708090a0b0c0d0e0f";
        java.nio.file.Files.writeString(Tunnels.etc().resolve("psk-it.txt"), "site-a:" + key + "\nsite-b:" + key + key + "\n");
        try (Backend backend = new Backend("PSK")) {
            Tunnels.write("psk-server", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "PSKsecrets = psk-it.txt");
            TunnelStatus server = tunnels.awaitState("psk-server", TunnelState.RUNNING);
            assertEquals("PSKsecrets implies bc", "bc", server.tlsProvider());
            int serverPort = Tunnels.port(server);
            assertEquals("PSK:psk over 1.3", Clients.opensslPskLine(serverPort, "site-b", key + key, "psk over 1.3"));
            assertEquals("PSK:psk over 1.2",
                    Clients.opensslPskLine(serverPort, "site-a", key, "psk over 1.2", "-tls1_2"));

            Tunnels.write("psk-client", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + serverPort,
                    "PSKsecrets = psk-it.txt", "PSKidentity = site-b");
            int clientPort = Tunnels.port(tunnels.awaitState("psk-client", TunnelState.RUNNING));
            try (Clients.Line plain = Clients.plain(clientPort)) {
                assertEquals("PSK:through two PSK tunnels", plain.ask("through two PSK tunnels"));
            }
            assertNull("an unknown identity gets nothing", Clients.opensslPskLine(serverPort, "site-c", key, "no"));
            tunnels.await("psk-server", s -> s.counters().handshakeFailures() == 1, "one handshake failure");
        } finally {
            Tunnels.delete("psk-server");
            Tunnels.delete("psk-client");
        }
    }

    @Test
    public void clientTunnelVerifiesTheServerAndCarriesData() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        try (Backend backend = new Backend("B")) {
            Tunnels.write("tls-side", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            int serverPort = Tunnels.port(tunnels.awaitState("tls-side", TunnelState.RUNNING));
            Tunnels.write("trusting", "client = yes", "accept = 127.0.0.1:0",
                    "connect = localhost:" + serverPort, "CAfile = sluice.crt");
            Tunnels.write("untrusting", "client = yes", "accept = 127.0.0.1:0", "connect = localhost:" + serverPort);
            int trusting = Tunnels.port(tunnels.awaitState("trusting", TunnelState.RUNNING));
            int untrusting = Tunnels.port(tunnels.awaitState("untrusting", TunnelState.RUNNING));

            try (Clients.Line plain = Clients.plain(trusting)) {
                assertEquals("B:through two tunnels", plain.ask("through two tunnels"));
            }
            // Secure by default: without CAfile the system trust store does not know the self-signed server.
            try (Clients.Line plain = Clients.plain(untrusting)) {
                assertNull("an unverified server must get no data", plain.ask("secret"));
            }
            tunnels.await("untrusting", s -> s.counters().handshakeFailures() == 1, "one handshake failure");
        } finally {
            Tunnels.delete("tls-side");
            Tunnels.delete("trusting");
            Tunnels.delete("untrusting");
        }
    }

    @Test
    public void editingTheFileReconfiguresAndKeepsOpenConnectionsDeletingStops() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        String port = KarafOptions.freePort();
        try (Backend a = new Backend("A"); Backend b = new Backend("B")) {
            Tunnels.write("moving", "accept = 127.0.0.1:" + port, "connect = 127.0.0.1:" + a.port());
            tunnels.awaitState("moving", TunnelState.RUNNING);
            try (Clients.Line old = Clients.tls(Integer.parseInt(port), defaultCertificate())) {
                assertEquals("A:before", old.ask("before"));

                Tunnels.write("moving", "accept = 127.0.0.1:" + port, "connect = 127.0.0.1:" + b.port());
                tunnels.await("moving", s -> s.state() == TunnelState.RUNNING
                        && s.connect().equals(java.util.List.of("127.0.0.1:" + b.port())), "reconfigured");
                try (Clients.Line fresh = Clients.tls(Integer.parseInt(port), defaultCertificate())) {
                    assertEquals("new connections use the new target", "B:after", fresh.ask("after"));
                }
                assertEquals("the open connection keeps its target", "A:still here", old.ask("still here"));

                Tunnels.delete("moving");
                tunnels.awaitGone("moving");
                // SCR unregisters the Tunnel service before it deactivates the component, which
                // closes the port: a moment later, not necessarily before awaitGone returns.
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                while (true) {
                    try (Clients.Line refused = Clients.plain(Integer.parseInt(port))) {
                        if (System.nanoTime() > deadline) {
                            fail("still accepting 5 s after its file was deleted");
                        }
                        Thread.sleep(50);
                    } catch (ConnectException expected) {
                        break; // the port is closed
                    }
                }
                assertEquals("a deleted tunnel's open connection drains", "A:last", old.ask("last"));
            }
        } finally {
            Tunnels.delete("moving");
        }
    }

    @Test
    public void aBadValueFailsTheTunnelWithFileLineAndKeyAndAFixRestartsIt() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        try (Backend backend = new Backend("C")) {
            Tunnels.write("typo", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "failover = sometimes");
            TunnelStatus failed = tunnels.awaitState("typo", TunnelState.FAILED);
            assertEquals("Service [typo]: " + Tunnels.file("typo") + ":3: failover = sometimes: expected one of prio, rr",
                    failed.reason());
            assertNull("nothing bound", failed.bound());

            Tunnels.write("typo", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "failover = rr");
            int port = Tunnels.port(tunnels.awaitState("typo", TunnelState.RUNNING));
            try (Clients.Line line = Clients.tls(port, defaultCertificate())) {
                assertEquals("C:fixed", line.ask("fixed"));
            }

            // A bad edit of a running tunnel keeps the running configuration.
            Tunnels.write("typo", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "TIMEOUTidle = never");
            TunnelStatus kept = tunnels.await("typo", s -> s.reason() != null, "refusing the edit");
            assertEquals(TunnelState.RUNNING, kept.state());
            assertTrue(kept.reason(), kept.reason().contains(":3: TIMEOUTidle = never: expected a whole number of seconds"));
            try (Clients.Line line = Clients.tls(Tunnels.port(kept), defaultCertificate())) {
                assertEquals("C:still served", line.ask("still served"));
            }
        } finally {
            Tunnels.delete("typo");
        }
    }

}
