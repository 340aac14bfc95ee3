package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.sluice.api.access.AccessDecision;
import io.sluice.api.access.AccessPolicy;
import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SniRouter;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.pki.SelfSigned;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Rule;
import org.junit.Test;

/** stunnel's secondary services: the client's SNI picks the certificate and the target. */
public class SniRoutingTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    @Test(timeout = 30_000)
    public void theServerNameChoosesTheServiceItsCertificateAndItsTarget() throws Exception {
        KeyMaterial other = SelfSigned.generate("b.example", List.of("b.example"), Duration.ofDays(1));
        Fixtures.Backend a = fx.backend(Fixtures.announce('A'));
        Fixtures.Backend b = fx.backend(Fixtures.announce('B'));
        CountingObserver primaryCounts = new CountingObserver();
        CountingObserver secondaryCounts = new CountingObserver();
        TunnelSpec secondary = Fixtures.spec("b", false, List.of(b.target()), Failover.PRIO, Fixtures.timeouts(),
                secondaryCounts).tls(Fixtures.serverTls(other)).build();
        TunnelSpec primary = Fixtures.spec("a", false, List.of(a.target()), Failover.PRIO, Fixtures.timeouts(),
                primaryCounts).tls(Fixtures.serverTls()).sni(
                new SniRouter() {
                    @Override
                    public boolean active() {
                        return true;
                    }

                    @Override
                    public TunnelSpec route(String name) {
                        return name.equalsIgnoreCase("b.example") ? secondary : null;
                    }
                }).build();
        Listener listener = fx.listen(primary);
        X509Certificate[] both = {Fixtures.key().leaf(), other.leaf()};

        // A fresh client context each time: the JDK resumes a cached session with that session's name.
        assertEquals("B b.example", exchange(trusting(both), listener, "b.example"));
        assertEquals("B b.example", exchange(trusting(both), listener, "B.EXAMPLE"));
        assertEquals("A localhost", exchange(trusting(both), listener, "c.example"));
        assertEquals("no SNI at all", "A localhost", exchange(trusting(both), listener, null));
        // Each connection counts for the service that served it.
        awaitClosed(secondaryCounts, 2);
        awaitClosed(primaryCounts, 4);
        assertEquals(2, secondaryCounts.opened.get());
        assertEquals("accepted by the listening service, two handed over", 4, primaryCounts.opened.get());
        assertEquals(0, secondaryCounts.handshakeFailed.get() + primaryCounts.handshakeFailed.get());
    }

    private static void awaitClosed(CountingObserver counts, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (counts.closed.get() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(counts.toString(), expected, counts.closed.get());
    }

    /** stunnel checks libwrap again under the secondary's name: its rules hold on the primary's port too. */
    @Test(timeout = 30_000)
    public void theSecondarysAccessPolicyDecidesItsConnections() throws Exception {
        KeyMaterial other = SelfSigned.generate("b.example", List.of("b.example"), Duration.ofDays(1));
        Fixtures.Backend a = fx.backend(Fixtures.announce('A'));
        Fixtures.Backend b = fx.backend(Fixtures.announce('B'));
        CountingObserver secondaryCounts = new CountingObserver();
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        AccessPolicy refuseAll = (service, client, server) -> {
            asked.add(service);
            return CompletableFuture.completedFuture(new AccessDecision(false, "hosts.deny:1"));
        };
        TunnelSpec secondary = Fixtures.spec("b", false, List.of(b.target()), Failover.PRIO, Fixtures.timeouts(),
                secondaryCounts).tls(Fixtures.serverTls(other)).access(refuseAll).build();
        TunnelSpec primary = Fixtures.spec("a", false, List.of(a.target()), Failover.PRIO, Fixtures.timeouts(),
                new CountingObserver()).tls(Fixtures.serverTls()).sni(
                new SniRouter() {
                    @Override
                    public boolean active() {
                        return true;
                    }

                    @Override
                    public TunnelSpec route(String name) {
                        return name.equals("b.example") ? secondary : null;
                    }
                }).build();
        Listener listener = fx.listen(primary);
        X509Certificate[] both = {Fixtures.key().leaf(), other.leaf()};

        try {
            exchange(trusting(both), listener, "b.example");
            fail("the secondary's policy refuses everyone");
        } catch (IOException expected) {
            // closed before the handshake could complete
        }
        assertEquals(List.of("b"), asked);
        assertEquals(1, secondaryCounts.refused.get());
        assertEquals(0, b.accepted());
        assertEquals("the primary has no policy", "A localhost", exchange(trusting(both), listener, "a.example"));
    }

    /** Connects with the given SNI; answers the backend's announcement and the certificate's CN. */
    private static String exchange(SSLContext context, Listener listener, String serverName) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getByName(
                Fixtures.LOOPBACK), listener.boundAddress().getPort())) {
            socket.setSoTimeout(Fixtures.SO_TIMEOUT_MS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            char backend = (char) socket.getInputStream().read();
            return backend + " " + leaf.getSubjectX500Principal().getName().replace("CN=", "");
        }
    }

    private static SSLContext trusting(X509Certificate... certificates) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            store.setCertificateEntry("c" + i, certificates[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
