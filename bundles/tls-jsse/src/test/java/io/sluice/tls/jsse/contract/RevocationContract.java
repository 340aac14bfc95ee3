package io.sluice.tls.jsse.contract;

import static io.sluice.tls.jsse.contract.TestCerts.CLIENT;
import static io.sluice.tls.jsse.contract.TestCerts.INTERMEDIATE;
import static io.sluice.tls.jsse.contract.TestCerts.ROOT;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsContext;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.AfterClass;
import org.junit.Assert;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * CRLfile / CRLpath and OCSP / OCSPaia / OCSPrequire: a revoked peer fails the handshake with a reason that
 * says so, in both roles. OCSP is asked of a real responder, {@code openssl ocsp}, started by the test.
 */
public abstract class RevocationContract extends ProviderContract {

    protected RevocationContract(ProviderUnderTest under) {
        super(under);
    }

    /** Issued by the test intermediate like CLIENT, then revoked. */
    private static final TestCerts.Issued REVOKED = TestCerts.leaf("revoked-client", List.of("localhost"), INTERMEDIATE);
    /** The server certificates of the OCSP tests: issued by a CA that the responder speaks for. */
    private static final TestCerts.Issued OCSP_CA = TestCerts.ca("Sluice OCSP Test CA", ROOT);
    private static final TestCerts.Issued OCSP_GOOD = ocspLeaf("ocsp-good", null);
    private static final TestCerts.Issued OCSP_REVOKED = ocspLeaf("ocsp-revoked", null);
    private static final TestCerts.Issued OCSP_UNKNOWN = ocspLeaf("ocsp-unknown", null);

    private static Path dir;
    private static TestRevocation.OcspResponder responder;

    @BeforeClass
    public static void startResponder() throws Exception {
        Assert.assertTrue("openssl is not installed (Debian package openssl; .ci/run installs it)",
                Files.isExecutable(Path.of("/usr/bin/openssl")));
        dir = Files.createTempDirectory("sluice-revocation-");
        responder = new TestRevocation.OcspResponder(dir.resolve("main"), OCSP_CA,
                List.of(OCSP_GOOD.cert()), List.of(OCSP_REVOKED.cert()), 0, 0);
    }

    @AfterClass
    public static void stopResponder() throws Exception {
        if (responder != null) {
            responder.close();
        }
    }

    private static TestCerts.Issued ocspLeaf(String name, String aia) {
        return TestCerts.leaf("CN=" + name, List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")), OCSP_CA, aia);
    }

    // ---- CRLs: a server judging client certificates ----------------------------------------

    private Settings crlServer(X509CRL... crls) {
        Settings server = server().trust(ROOT);
        server.verifyChain = true;
        server.revocation = new Revocation(List.of(crls), null, false, true, Duration.ofSeconds(5));
        return server;
    }

    private Handshake.Result clientWith(Settings server, TestCerts.Issued clientCert, String version) throws Exception {
        return Handshake.run(client().versions(version, version).key(clientCert).engine("localhost"),
                server.engine("127.0.0.1"));
    }

    @Test
    public void crlRefusesRevokedClientAndAcceptsOthers() throws Exception {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            Settings server = crlServer(TestRevocation.crl(ROOT), TestRevocation.crl(INTERMEDIATE, REVOKED.cert()));
            clientWith(server, CLIENT, version).assertOk();
            clientWith(server, REVOKED, version).assertServerRejected("CN=revoked-client (serial "
                    + REVOKED.cert().getSerialNumber().toString(16) + ") is revoked (CRL of CN=Sluice Test Intermediate CA");
        }
    }

    /** Stricter than stunnel 5, which checks the leaf only (the interop test shows stunnel4 accepting this). */
    @Test
    public void revokedIntermediateRefusesItsLeaves() throws Exception {
        Settings server = crlServer(TestRevocation.crl(ROOT, INTERMEDIATE.cert()), TestRevocation.crl(INTERMEDIATE));
        clientWith(server, CLIENT, "TLSv1.3")
                .assertServerRejected("certificate CN=Sluice Test Intermediate CA (serial");
    }

    @Test
    public void missingCrlOfTheLeafsIssuerRefusesAsStunnelDoes() throws Exception {
        Settings server = crlServer(TestRevocation.crl(ROOT));
        clientWith(server, CLIENT, "TLSv1.3").assertServerRejected(
                "no CRL of CN=Sluice Test Intermediate CA in CRLfile/CRLpath (unable to get certificate CRL)");
    }

    @Test
    public void aCrlAboveTheLeafIsUsedWhenLoadedButNotRequired() throws Exception {
        // As stunnel: only the leaf's issuer must have a CRL; the root's is not needed.
        clientWith(crlServer(TestRevocation.crl(INTERMEDIATE)), CLIENT, "TLSv1.3").assertOk();
        // Stricter than stunnel: a loaded root CRL that is stale or forged refuses, rather than being ignored.
        Instant now = Instant.now();
        clientWith(crlServer(TestRevocation.crl(ROOT, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))),
                TestRevocation.crl(INTERMEDIATE)), CLIENT, "TLSv1.3")
                .assertServerRejected("CRL of CN=Sluice Test Root CA has expired");
    }

    @Test
    public void expiredCrlRefusesAsOpenSslDoes() throws Exception {
        Instant now = Instant.now();
        Settings server = crlServer(TestRevocation.crl(ROOT),
                TestRevocation.crl(INTERMEDIATE, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))));
        clientWith(server, CLIENT, "TLSv1.3").assertServerRejected("CRL of CN=Sluice Test Intermediate CA has expired");
    }

    @Test
    public void crlSignedByAnImpostorIsNotBelieved() throws Exception {
        // Names the real root as issuer but is signed by another key: as good as no CRL.
        Settings server = crlServer(TestRevocation.crl(TestCerts.IMPOSTOR_ROOT), TestRevocation.crl(INTERMEDIATE));
        clientWith(server, CLIENT, "TLSv1.3").assertServerRejected("(CRL signature failure)");
    }

    @Test
    public void clientRefusesRevokedServerByCrl() throws Exception {
        Settings client = client();
        client.revocation = new Revocation(List.of(TestRevocation.crl(ROOT),
                TestRevocation.crl(INTERMEDIATE, TestCerts.LOCALHOST.cert())), null, false, true, Duration.ofSeconds(5));
        Handshake.run(client.engine("localhost"), server().engine("127.0.0.1"))
                .assertClientRejected("CN=localhost (serial");
        client.revocation = new Revocation(List.of(TestRevocation.crl(ROOT), TestRevocation.crl(INTERMEDIATE)),
                null, false, true, Duration.ofSeconds(5));
        Handshake.run(client.engine("localhost"), server().engine("127.0.0.1")).assertOk();
    }

    // ---- OCSP: a client judging the server's certificate -----------------------------------

    private Settings ocspClient(String url, boolean aia, boolean require) {
        Settings client = client();
        client.revocation = new Revocation(List.of(), url == null ? null : URI.create(url), aia, require,
                Duration.ofSeconds(3));
        return client;
    }

    private static Handshake.Result toServer(TlsContext client, TestCerts.Issued serverCert, Settings server)
            throws Exception {
        return Handshake.run(client.newEngine("localhost", 4433), server.key(serverCert).engine("127.0.0.1"));
    }

    private Handshake.Result toServer(Settings client, TestCerts.Issued serverCert) throws Exception {
        return toServer(client.context(), serverCert, server());
    }

    @Test
    public void ocspGoodServerIsAccepted() throws Exception {
        toServer(ocspClient(responder.url(), false, true), OCSP_GOOD).assertOk();
    }

    @Test
    public void ocspRevokedServerIsRefusedEvenFailingOpen() throws Exception {
        for (boolean require : List.of(true, false)) {
            toServer(ocspClient(responder.url(), false, require), OCSP_REVOKED).assertClientRejected(
                    "CN=ocsp-revoked (serial " + OCSP_REVOKED.cert().getSerialNumber().toString(16)
                            + ") is revoked (OCSP responder " + responder.url());
        }
    }

    @Test
    public void ocspUnknownServerIsRefusedFailingClosedAndAcceptedFailingOpen() throws Exception {
        toServer(ocspClient(responder.url(), false, true), OCSP_UNKNOWN)
                .assertClientRejected("does not know the certificate (status unknown)");
        toServer(ocspClient(responder.url(), false, false), OCSP_UNKNOWN).assertOk();
    }

    @Test
    public void ocspResponderDownFailsClosedByDefaultAndOpenWhenAsked() throws Exception {
        String down = "http://127.0.0.1:" + closedPort() + "/";
        toServer(ocspClient(down, false, true), OCSP_GOOD).assertClientRejected(
                "no OCSP answer for certificate CN=ocsp-good (OCSPrequire = yes): OCSP responder " + down
                        + " cannot be reached");
        toServer(ocspClient(down, false, false), OCSP_GOOD).assertOk();
    }

    @Test
    public void anUnreachableResponderIsNotAskedAgainAtOnce() throws Exception {
        String down = "http://127.0.0.1:" + closedPort() + "/";
        TlsContext client = ocspClient(down, false, true).context();
        toServer(client, OCSP_GOOD, server()).assertClientRejected("cannot be reached");
        // The next handshake does not wait for the dead responder again: it fails closed at once.
        toServer(client, OCSP_GOOD, server()).assertClientRejected("OCSP responder " + down
                + " was unreachable; not asked again before ");
    }

    @Test
    public void ocspAnswerIsCachedUntilNextUpdate() throws Exception {
        try (TestRevocation.OcspResponder once = new TestRevocation.OcspResponder(dir.resolve("once"), OCSP_CA,
                List.of(OCSP_GOOD.cert()), List.of(), 0, 1)) {
            TlsContext client = ocspClient(once.url(), false, true).context();
            toServer(client, OCSP_GOOD, server()).assertOk();
            assertTrue("the responder exits after its one answer", once.awaitExit(Duration.ofSeconds(5)));
            // The same tunnel context remembers the answer (nextUpdate is a day ahead)...
            toServer(client, OCSP_GOOD, server()).assertOk();
            // ...which a fresh context does not have: it must ask, and nobody answers.
            toServer(ocspClient(once.url(), false, true).context(), OCSP_GOOD, server())
                    .assertClientRejected("cannot be reached");
        }
    }

    @Test
    public void ocspAiaAsksTheResponderNamedInTheCertificate() throws Exception {
        int port = closedPort();
        String url = "http://127.0.0.1:" + port + "/ocsp";
        TestCerts.Issued good = ocspLeaf("aia-good", url);
        TestCerts.Issued revoked = ocspLeaf("aia-revoked", url);
        try (TestRevocation.OcspResponder aia = new TestRevocation.OcspResponder(dir.resolve("aia"), OCSP_CA,
                List.of(good.cert()), List.of(revoked.cert()), port, 0)) {
            toServer(ocspClient(null, true, true), good).assertOk();
            toServer(ocspClient(null, true, true), revoked).assertClientRejected("CN=aia-revoked (serial");
        }
    }

    @Test
    public void ocspAnswerFromADelegatedResponderIsBelieved() throws Exception {
        try (TestRevocation.OcspResponder delegated = new TestRevocation.OcspResponder(dir.resolve("delegated"),
                OCSP_CA, TestRevocation.responderCert(OCSP_CA, true), List.of(OCSP_GOOD.cert()),
                List.of(OCSP_REVOKED.cert()), 0, 0)) {
            toServer(ocspClient(delegated.url(), false, true), OCSP_GOOD).assertOk();
            toServer(ocspClient(delegated.url(), false, true), OCSP_REVOKED).assertClientRejected("is revoked (OCSP");
        }
    }

    @Test
    public void ocspAnswerSignedByAnUnauthorizedKeyIsNotBelieved() throws Exception {
        // A sibling leaf without id-kp-OCSPSigning, and a key of another CA: neither may speak for OCSP_CA.
        for (TestCerts.Issued forger : List.of(TestRevocation.responderCert(OCSP_CA, false), INTERMEDIATE)) {
            try (TestRevocation.OcspResponder forged = new TestRevocation.OcspResponder(dir.resolve("forged"),
                    OCSP_CA, forger, List.of(OCSP_GOOD.cert(), OCSP_REVOKED.cert()), List.of(), 0, 0)) {
                toServer(ocspClient(forged.url(), false, true), OCSP_GOOD).assertClientRejected(
                        "is not signed by the issuer CN=Sluice OCSP Test CA or a responder it authorized");
                // Failing open lets an unverifiable answer through, but never treats it as proof of anything.
                toServer(ocspClient(forged.url(), false, false), OCSP_GOOD).assertOk();
            }
        }
    }

    @Test
    public void ocspAiaWithoutResponderInTheCertificateFailsClosed() throws Exception {
        toServer(ocspClient(null, true, true), OCSP_GOOD)
                .assertClientRejected("the certificate names no OCSP responder (OCSPaia)");
    }

    @Test
    public void serverRefusesClientRevokedByOcsp() throws Exception {
        Settings server = server().trust(ROOT);
        server.verifyChain = true;
        server.revocation = new Revocation(List.of(), URI.create(responder.url()), false, true, Duration.ofSeconds(3));
        clientWith(server, OCSP_GOOD, "TLSv1.3").assertOk();
        clientWith(server, OCSP_REVOKED, "TLSv1.3").assertServerRejected("CN=ocsp-revoked (serial");
    }

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
