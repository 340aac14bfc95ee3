package io.sluice.interop;

import static io.sluice.tls.jsse.contract.TestCerts.INTERMEDIATE;
import static io.sluice.tls.jsse.contract.TestCerts.ROOT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.PeerAllowList;
import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.tls.jsse.contract.TestRevocation;
import io.sluice.transport.mina.CountingObserver;
import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.Rule;
import org.junit.Test;

/**
 * Revocation and identity checks against real OpenSSL peers: openssl s_client presenting a revoked or an
 * unlisted client certificate to a Sluice server; a Sluice client asking a real {@code openssl ocsp}
 * responder about openssl s_server's certificate.
 */
public class RevocationAndIdentityInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final TestCerts.Issued GOOD_CLIENT = TestCerts.leaf("CN=good-client,OU=payments",
            List.of(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/ns/prod/sa/payments")),
            INTERMEDIATE, null);
    private static final TestCerts.Issued REVOKED_CLIENT = TestCerts.leaf("CN=revoked-client", List.of(),
            INTERMEDIATE, null);
    private static final TestCerts.Issued SERVER = TestCerts.leaf("CN=localhost",
            List.of(new GeneralName(GeneralName.dNSName, "localhost")), INTERMEDIATE, null);

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Rule
    public final Interop interop = new Interop(provider());

    private final CountingObserver observer = new CountingObserver();

    /** NAME.pem (the certificate alone), NAME.key, NAME-chain.pem (its issuers, for -cert_chain), NAME-full.pem. */
    private List<String> files(String name, TestCerts.Issued issued) throws Exception {
        Path dir = interop.dir();
        TestRevocation.writePem(new TestCerts.Issued(issued.keys(), List.of(issued.cert())),
                dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        TestRevocation.writePem(new TestCerts.Issued(issued.keys(), issued.chain().subList(1, issued.chain().size())),
                dir.resolve(name + "-chain.pem"), null);
        TestRevocation.writePem(issued, dir.resolve(name + "-full.pem"), null);
        return List.of(dir.resolve(name + ".pem").toString(), dir.resolve(name + ".key").toString(),
                dir.resolve(name + "-chain.pem").toString());
    }

    private Listener server(Revocation revocation, PeerAllowList allow, EchoServer echo) throws Exception {
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(SERVER.material()).trustAnchors(List.of(ROOT.cert()))
                .verifyChain(true).requireCert(true).allow(allow).revocation(revocation).build();
        return interop.sluiceServer(settings, echo.port(), observer, null, Map.of());
    }

    private Peer sClient(String name, Listener sluice, TestCerts.Issued cert) throws Exception {
        String openssl = Interop.binary("openssl");
        List<String> f = files(name, cert);
        Path ca = interop.dir().resolve("root.pem");
        TestRevocation.writePem(new TestCerts.Issued(ROOT.keys(), List.of(ROOT.cert())), ca, null);
        return interop.start(name, new ArrayList<>(List.of(openssl, "s_client",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(), "-CAfile", ca.toString(),
                "-verify_return_error", "-cert", f.get(0), "-key", f.get(1), "-cert_chain", f.get(2),
                "-brief", "-no_ign_eof")), true);
    }

    /**
     * s_client keeps stdin open, so it reads Sluice's alert (in TLS 1.3 a client learns of its refused
     * certificate only then) and exits with an error by itself; nothing reaches the backend.
     */
    private void assertRefused(Peer client, EchoServer echo, String reason) throws Exception {
        int before = echo.accepted();
        client.writeLine("must not arrive");
        assertEquals("application data received", "", client.readRest(WAIT));
        assertNotEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue("s_client got Sluice's alert; log:\n" + client.logText(), client.logText().contains("alert"));
        Interop.await("Sluice counts the failed handshake with its reason: " + observer,
                () -> observer.handshakeReasons.stream().anyMatch(r -> r.contains(reason)), Duration.ofSeconds(5));
        assertEquals("connections to the backend", before, echo.accepted());
    }

    private static void assertEchoed(Peer client) throws Exception {
        client.writeLine("hello");
        assertEquals("hello", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
    }

    @Test(timeout = 60_000)
    public void crlFileRefusesRevokedOpenSslClientAndLetsTheGoodOneThrough() throws Exception {
        EchoServer echo = interop.echoServer();
        Listener sluice = server(new Revocation(List.of(TestRevocation.crl(ROOT),
                TestRevocation.crl(INTERMEDIATE, REVOKED_CLIENT.cert())), null, false, true, Duration.ofSeconds(5)),
                PeerAllowList.ANY, echo);
        assertEchoed(sClient("good", sluice, GOOD_CLIENT));
        assertRefused(sClient("revoked", sluice, REVOKED_CLIENT), echo, "certificate CN=revoked-client (serial "
                + REVOKED_CLIENT.cert().getSerialNumber().toString(16) + ") is revoked (CRL of CN=Sluice Test Intermediate CA");
    }

    /** stunnel's redirect: a client failing verification, or sending no certificate, ends up at the other address. */
    @Test(timeout = 60_000)
    public void redirectSendsClientsThatFailVerificationElsewhere() throws Exception {
        EchoServer echo = interop.echoServer();
        EchoServer honeypot = interop.echoServer();
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(SERVER.material()).trustAnchors(List.of(ROOT.cert()))
                .verifyChain(true).requireCert(true).redirectOnFailure(true).build();
        Listener sluice = interop.sluiceServerRedirecting(settings, echo.port(), honeypot.port(), observer);

        assertEchoed(sClient("good", sluice, GOOD_CLIENT));
        assertEquals("a verified client reaches the service", 1, echo.accepted());
        String openssl = Interop.binary("openssl");
        List<String> impostor = files("impostor", TestCerts.IMPOSTOR_LEAF); // signed by an untrusted CA of the same name
        assertEchoed(interop.start("impostor", new ArrayList<>(List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + sluice.boundAddress().getPort(), "-cert", impostor.get(0), "-key", impostor.get(1),
                "-brief", "-no_ign_eof")), true));
        assertEquals("an unverified one the redirect address", 1, honeypot.accepted());
        assertEchoed(interop.start("anonymous", new ArrayList<>(List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + sluice.boundAddress().getPort(), "-brief", "-no_ign_eof")), true));
        assertEquals("so does one without a certificate", 2, honeypot.accepted());
        assertEquals(1, echo.accepted());
        Interop.await("the reasons are counted: " + observer, () -> observer.handshakeReasons.size() == 2,
                Duration.ofSeconds(5));
        assertTrue(observer.toString(), observer.handshakeReasons.contains("peer sent no certificate"));
    }

    @Test(timeout = 60_000)
    public void allowUriLetsInTheSpiffeIdAndRefusesOthers() throws Exception {
        EchoServer echo = interop.echoServer();
        Listener sluice = server(Revocation.NONE,
                new PeerAllowList(List.of(), List.of(), List.of(), List.of("spiffe://example.org/ns/prod/*")), echo);
        assertEchoed(sClient("spiffe", sluice, GOOD_CLIENT));
        assertRefused(sClient("other", sluice, REVOKED_CLIENT), echo,
                "is not allowed (allowCN/allowOU/allowDNS/allowURI: URI:spiffe://example.org/ns/prod/*)");
    }

    @Test(timeout = 90_000)
    public void sluiceClientAsksOpenSslOcspAboutOpenSslServer() throws Exception {
        TestCerts.Issued ca = TestCerts.ca("Interop OCSP CA", ROOT);
        TestCerts.Issued good = TestCerts.leaf("CN=localhost", List.of(new GeneralName(GeneralName.dNSName, "localhost")),
                ca, null);
        TestCerts.Issued revoked = TestCerts.leaf("CN=localhost", List.of(new GeneralName(GeneralName.dNSName, "localhost")),
                ca, null);
        try (TestRevocation.OcspResponder responder = new TestRevocation.OcspResponder(interop.dir().resolve("ocsp"), ca,
                List.of(good.cert()), List.of(revoked.cert()), 0, 0)) {
            TlsSettings settings = TlsSettings.builder(true).trustAnchors(List.of(ROOT.cert())).verifyChain(true)
                    .checkConnectHost(true)
                    .revocation(new Revocation(List.of(), URI.create(responder.url()), false, true, Duration.ofSeconds(5)))
                    .build();
            int goodPort = sServer("s_server-good", good);
            int sluiceToGood = interop.sluiceClient(settings, "localhost", goodPort, observer, null, Map.of())
                    .boundAddress().getPort();
            assertEquals("olleh", Interop.exchangeLine(sluiceToGood, "hello"));

            int revokedPort = sServer("s_server-revoked", revoked);
            int sluiceToRevoked = interop.sluiceClient(settings, "localhost", revokedPort, observer, null, Map.of())
                    .boundAddress().getPort();
            Interop.assertClosedWithoutData(sluiceToRevoked);
            Interop.await("Sluice counts the failed handshake with its reason: " + observer,
                    () -> observer.handshakeReasons.stream().anyMatch(r -> r.contains("CN=localhost (serial "
                            + revoked.cert().getSerialNumber().toString(16) + ") is revoked (OCSP responder "
                            + responder.url())), Duration.ofSeconds(5));
            assertTrue("one refusal only: " + observer, observer.handshakeFailed.get() == 1);
        }
    }

    /** openssl s_server -rev with this certificate and its issuer; returns its port. */
    private int sServer(String name, TestCerts.Issued cert) throws Exception {
        List<String> f = files(name, cert);
        int port = Interop.freePort();
        Peer server = interop.start(name, List.of(Interop.binary("openssl"), "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", f.get(0), "-key", f.get(1), "-cert_chain", f.get(2), "-rev"), false);
        Interop.awaitPort(server, port, WAIT);
        return port;
    }

    /**
     * stunnel4 and Sluice as servers over the same CRLfile, each openssl client's verdict side by side: the CRL
     * semantics are stunnel's (a revoked leaf, a missing CRL of the leaf's issuer, an expired CRL), except that
     * Sluice also refuses a leaf whose intermediate is revoked, which stunnel 5 lets through.
     */
    @Test(timeout = 120_000)
    public void crlVerdictsAreStunnels() throws Exception {
        Interop.binary("stunnel4");
        Instant now = Instant.now();
        X509CRL rootCrl = TestRevocation.crl(ROOT);
        X509CRL intermediateCrl = TestRevocation.crl(INTERMEDIATE, REVOKED_CLIENT.cert());
        X509CRL expired = TestRevocation.crl(INTERMEDIATE, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
        /** Whether the good client gets through each server. */
        record Case(String name, List<X509CRL> crls, boolean stunnelAccepts, boolean sluiceAccepts) {
        }
        List<String> verdicts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int n = 0;
        for (Case c : List.of(new Case("current", List.of(rootCrl, intermediateCrl), true, true),
                // Only the leaf's issuer needs a CRL, in both.
                new Case("no-root-crl", List.of(intermediateCrl), true, true),
                new Case("no-intermediate-crl", List.of(rootCrl), false, false),
                new Case("expired", List.of(rootCrl, expired), false, false),
                // The one deliberate difference: stunnel 5 checks the leaf only; Sluice refuses a revoked intermediate.
                new Case("intermediate-revoked", List.of(TestRevocation.crl(ROOT, INTERMEDIATE.cert()), intermediateCrl),
                        true, false))) {
            Path crlFile = TestRevocation.writeCrls(interop.dir().resolve(c.name() + ".crl.pem"),
                    c.crls().toArray(X509CRL[]::new));
            EchoServer echo = interop.echoServer();
            Listener sluice = server(new Revocation(c.crls(), null, false, true, Duration.ofSeconds(5)),
                    PeerAllowList.ANY, echo);
            List<String> server = files("server-" + c.name(), SERVER);
            Path root = interop.dir().resolve("root.pem");
            TestRevocation.writePem(new TestCerts.Issued(ROOT.keys(), List.of(ROOT.cert())), root, null);
            int stunnelPort = Interop.freePort();
            interop.stunnel("stunnel-" + c.name(), stunnelPort, """
                    [srv]
                    accept = 127.0.0.1:%d
                    connect = 127.0.0.1:%d
                    cert = %s
                    key = %s
                    CAfile = %s
                    verifyChain = yes
                    CRLfile = %s
                    """.formatted(stunnelPort, echo.port(), Path.of(server.get(2)).resolveSibling("server-" + c.name()
                    + "-full.pem"), server.get(1), root, crlFile));
            for (TestCerts.Issued client : List.of(GOOD_CLIENT, REVOKED_CLIENT)) {
                String who = c.name() + "/" + client.cert().getSubjectX500Principal().getName();
                verdicts.add(who + " stunnel4: " + accepted(sClientTo(stunnelPort, "c" + n++, client)));
                verdicts.add(who + " sluice: " + accepted(sClient("c" + n++, sluice, client)));
                expected.add(who + " stunnel4: " + (client == GOOD_CLIENT && c.stunnelAccepts()));
                expected.add(who + " sluice: " + (client == GOOD_CLIENT && c.sluiceAccepts()));
            }
        }
        assertEquals(expected, verdicts);
    }

    private Peer sClientTo(int port, String name, TestCerts.Issued cert) throws Exception {
        List<String> f = files(name, cert);
        return interop.start(name, List.of(Interop.binary("openssl"), "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", interop.dir().resolve("root.pem").toString(), "-verify_return_error", "-cert", f.get(0),
                "-key", f.get(1), "-cert_chain", f.get(2), "-brief", "-no_ign_eof"), true);
    }

    /** Whether a line went through and back; a refused client reads the server's alert and exits by itself. */
    private static boolean accepted(Peer client) throws Exception {
        try {
            client.writeLine("hello");
        } catch (java.io.IOException e) {
            // Broken pipe: s_client already read the refusal and exited before the line was written.
            client.awaitExit(WAIT);
            return false;
        }
        String line = client.readLine(WAIT);
        client.closeStdin();
        client.awaitExit(WAIT);
        return "hello".equals(line);
    }
}
