package io.sluice.tls.jsse.contract;

import static io.sluice.tls.jsse.contract.TestCerts.EXPIRED;
import static io.sluice.tls.jsse.contract.TestCerts.IMPOSTOR_LEAF;
import static io.sluice.tls.jsse.contract.TestCerts.INTERMEDIATE;
import static io.sluice.tls.jsse.contract.TestCerts.LOCALHOST;
import static io.sluice.tls.jsse.contract.TestCerts.LOCALHOST_NO_IP_SAN;
import static io.sluice.tls.jsse.contract.TestCerts.OTHER_NAME;
import static io.sluice.tls.jsse.contract.TestCerts.ROOT;
import static io.sluice.tls.jsse.contract.TestCerts.SELF_SIGNED;
import static io.sluice.tls.jsse.contract.TestCerts.WILDCARD;
import static org.junit.Assert.assertEquals;

import io.sluice.api.tls.CertificateRejection;
import io.sluice.api.tls.TlsContext;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.Test;

/** How a client judges the server's certificate: verifyChain, verifyPeer, checkHost, checkIP, the connect host. */
public abstract class ClientVerificationContract extends ProviderContract {

    protected ClientVerificationContract(ProviderUnderTest under) {
        super(under);
    }

    private Handshake.Result connect(Settings client, String connectHost, TestCerts.Issued serverCert)
            throws Exception {
        return Handshake.run(client.engine(connectHost), server().key(serverCert).engine("client"));
    }

    // --- the default: verifyChain against CAfile, and the host connected to

    @Test
    public void defaultClientTrustsServerChainedToCaFileWithMatchingName() throws Exception {
        Handshake.Result result = connect(client(), "localhost", LOCALHOST).assertOk();
        assertEquals(LOCALHOST.cert(), result.clientSession().getPeerCertificates()[0]);
    }

    /** What stunnel's "Certificate accepted at depth=N" lines name: the chain up to the CA file's root. */
    @Test
    public void theVerifiedChainRunsFromTheServersCertificateToTheTrustedRoot() throws Exception {
        TlsContext context = client().context();
        SSLEngine engine = context.newEngine("localhost", 443);
        Handshake.run(engine, server().key(LOCALHOST).engine("client")).assertOk();
        assertEquals(List.of(LOCALHOST.cert(), INTERMEDIATE.cert(), ROOT.cert()), context.verifiedChain(engine));
    }

    /** What stunnel's "Rejected by CERT at depth=N" line names. */
    @Test
    public void aRefusedServerCertificateIsNamedWithItsDepth() throws Exception {
        TlsContext context = client().context();
        Handshake.Result result = Handshake.run(context.newEngine("localhost", 443),
                server().key(OTHER_NAME).engine("client")).assertClientRejected("does not match localhost");
        assertEquals(Optional.of(new CertificateRejection(0, OTHER_NAME.cert().getSubjectX500Principal())),
                context.rejection(result.clientFailure()));
        assertEquals("another TLS failure names no certificate", Optional.empty(),
                context.rejection(new javax.net.ssl.SSLHandshakeException("no cipher suites in common")));
    }

    @Test
    public void aClientThatVerifiesNothingNamesNoVerifiedChain() throws Exception {
        Settings client = client();
        client.verifyChain = false;
        client.checkConnectHost = false;
        TlsContext context = client.context();
        SSLEngine engine = context.newEngine("localhost", 443);
        Handshake.run(engine, server().key(LOCALHOST).engine("client")).assertOk();
        assertEquals(List.of(), context.verifiedChain(engine));
    }

    @Test
    public void defaultClientMatchesConnectHostCaseInsensitively() throws Exception {
        connect(client(), "LocalHost", LOCALHOST).assertOk();
    }

    @Test
    public void defaultClientAcceptsFullyQualifiedConnectHostWithTrailingDot() throws Exception {
        connect(client(), "localhost.", LOCALHOST).assertOk();
    }

    @Test
    public void wildcardCoversExactlyOneLeftMostLabel() throws Exception {
        connect(client(), "a.example.test", WILDCARD).assertOk();
        connect(client(), "example.test", WILDCARD).assertClientRejected("does not match example.test");
        connect(client(), "a.b.example.test", WILDCARD).assertClientRejected("does not match a.b.example.test");
    }

    @Test
    public void defaultClientRefusesServerCertificateForAnotherName() throws Exception {
        connect(client(), "localhost", OTHER_NAME).assertClientRejected("does not match localhost");
    }

    @Test
    public void defaultClientRefusesServerFromUntrustedCa() throws Exception {
        // Signed by a CA with the trusted root's name but another key.
        connect(client(), "localhost", IMPOSTOR_LEAF).assertClientRejected("(verifyChain)");
    }

    @Test
    public void defaultClientRefusesSelfSignedServerNotInCaFile() throws Exception {
        connect(client(), "localhost", SELF_SIGNED).assertClientRejected("(verifyChain)");
    }

    @Test
    public void defaultClientRefusesExpiredServerCertificate() throws Exception {
        connect(client(), "localhost", EXPIRED).assertClientRejected("CertificateExpiredException");
    }

    @Test
    public void ipConnectHostMatchesIpAddressSan() throws Exception {
        connect(client(), "127.0.0.1", LOCALHOST).assertOk();
    }

    @Test
    public void ipConnectHostIsNotMatchedByCommonNameOrDnsName() throws Exception {
        // CN=127.0.0.1, dNSName localhost, no iPAddress: as OpenSSL's X509_check_ip, only iPAddress counts.
        connect(client(), "127.0.0.1", LOCALHOST_NO_IP_SAN).assertClientRejected("does not match 127.0.0.1");
    }

    @Test
    public void connectHostIsNotCheckedWhenCheckConnectHostIsOff() throws Exception {
        Settings client = client();
        client.checkConnectHost = false;
        connect(client, "localhost", OTHER_NAME).assertOk();
    }

    // --- checkHost / checkIP replace the connect host

    @Test
    public void checkHostOverridesConnectHost() throws Exception {
        Settings client = client();
        client.checkHost = List.of("other.example");
        connect(client, "localhost", OTHER_NAME).assertOk();
    }

    @Test
    public void checkHostMismatchRefusedEvenWhenConnectHostWouldMatch() throws Exception {
        Settings client = client();
        client.checkHost = List.of("other.example");
        connect(client, "localhost", LOCALHOST).assertClientRejected("does not match other.example");
    }

    @Test
    public void checkHostAcceptsAnyOfSeveralNames() throws Exception {
        Settings client = client();
        client.checkHost = List.of("nope.example", "other.example");
        connect(client, "localhost", OTHER_NAME).assertOk();
    }

    @Test
    public void checkIpOverridesConnectHost() throws Exception {
        Settings client = client();
        client.checkIP = List.of("127.0.0.1");
        connect(client, "some.host.example", LOCALHOST).assertOk();
    }

    @Test
    public void checkIpMismatchRefusedEvenWhenConnectHostWouldMatch() throws Exception {
        Settings client = client();
        client.checkIP = List.of("10.1.2.3");
        connect(client, "localhost", LOCALHOST).assertClientRejected("does not match 10.1.2.3");
    }

    @Test
    public void checkIpIsNotMatchedByCommonName() throws Exception {
        Settings client = client();
        client.checkIP = List.of("127.0.0.1");
        connect(client, "localhost", LOCALHOST_NO_IP_SAN).assertClientRejected("does not match 127.0.0.1");
    }

    @Test
    public void checkHostStillNeedsTheChain() throws Exception {
        Settings client = client();
        client.checkHost = List.of("localhost");
        connect(client, "localhost", IMPOSTOR_LEAF).assertClientRejected("(verifyChain)");
    }

    // --- stunnel's insecure mode, when asked for explicitly

    @Test
    public void verifyChainNoAndVerifyPeerNoAcceptsAnyServer() throws Exception {
        for (TestCerts.Issued cert : List.of(OTHER_NAME, IMPOSTOR_LEAF, SELF_SIGNED, EXPIRED)) {
            connect(client().insecure(), "localhost", cert).assertOk();
        }
    }

    @Test
    public void insecureClientIgnoresConnectHostEvenWhenCheckConnectHostIsSet() throws Exception {
        Settings client = client();
        client.verifyChain = false;
        connect(client, "localhost", OTHER_NAME).assertOk();
    }

    @Test
    public void insecureClientWorksWithoutTrustAnchors() throws Exception {
        Settings client = client().insecure();
        client.trustAnchors = null;
        connect(client, "localhost", SELF_SIGNED).assertOk();
    }

    // --- verifyPeer: the leaf itself must be a trust anchor

    @Test
    public void verifyPeerAcceptsPinnedSelfSignedLeaf() throws Exception {
        Settings client = client().trust(SELF_SIGNED);
        client.verifyPeerOnly();
        connect(client, "localhost", SELF_SIGNED).assertOk();
    }

    @Test
    public void verifyPeerAcceptsPinnedCaIssuedLeafWithoutItsCa() throws Exception {
        // stunnel ignores "issuer unknown" at depth 0 with verifyPeer alone.
        Settings client = client().trust(LOCALHOST);
        client.verifyPeerOnly();
        connect(client, "localhost", LOCALHOST).assertOk();
    }

    @Test
    public void verifyPeerRefusesAnotherLeafFromTheSameCa() throws Exception {
        Settings client = client().trust(LOCALHOST, ROOT, INTERMEDIATE);
        client.verifyPeerOnly();
        client.checkConnectHost = false;
        connect(client, "other.example", OTHER_NAME).assertClientRejected("verifyPeer");
    }

    @Test
    public void verifyPeerRefusesLeafWithPinnedNameButAnotherKey() throws Exception {
        Settings client = client().trust(LOCALHOST);
        client.verifyPeerOnly();
        // CN=localhost too, signed by the impostor root with its own key.
        connect(client, "localhost", IMPOSTOR_LEAF).assertClientRejected("verifyPeer");
    }

    @Test
    public void verifyPeerRefusesExpiredPinnedLeaf() throws Exception {
        Settings client = client().trust(EXPIRED);
        client.verifyPeerOnly();
        connect(client, "localhost", EXPIRED).assertClientRejected("CertificateExpiredException");
    }

    @Test
    public void verifyPeerStillChecksConnectHost() throws Exception {
        Settings client = client().trust(OTHER_NAME);
        client.verifyPeerOnly();
        connect(client, "localhost", OTHER_NAME).assertClientRejected("does not match localhost");
    }

    @Test
    public void verifyChainAndVerifyPeerTogetherNeedBoth() throws Exception {
        Settings both = client().trust(ROOT, LOCALHOST);
        both.verifyPeer = true;
        connect(both, "localhost", LOCALHOST).assertOk();
        Settings chainOnlyAnchors = client();
        chainOnlyAnchors.verifyPeer = true;
        connect(chainOnlyAnchors, "localhost", LOCALHOST).assertClientRejected("verifyPeer");
    }
}
