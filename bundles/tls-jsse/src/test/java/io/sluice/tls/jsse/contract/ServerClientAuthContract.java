package io.sluice.tls.jsse.contract;

import static io.sluice.tls.jsse.contract.TestCerts.CLIENT;
import static io.sluice.tls.jsse.contract.TestCerts.IMPOSTOR_LEAF;
import static io.sluice.tls.jsse.contract.TestCerts.SELF_SIGNED;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.Test;

/** How a server asks for and judges client certificates: requireCert, verifyChain, verifyPeer. */
public abstract class ServerClientAuthContract extends ProviderContract {

    protected ServerClientAuthContract(ProviderUnderTest under) {
        super(under);
    }

    /** A TLS 1.3 and a TLS 1.2 run: a client certificate is rejected at different points of the two. */
    private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    private Handshake.Result connect(Settings server, TestCerts.Issued clientCert, String version)
            throws GeneralSecurityException, SSLException {
        Settings client = client().versions(version, version);
        if (clientCert != null) {
            client.key(clientCert);
        }
        return Handshake.run(client.engine("localhost"), server.engine("127.0.0.1"));
    }

    private Settings verifyingServer() {
        Settings server = server().trust(TestCerts.ROOT);
        server.verifyChain = true;
        return server;
    }

    @Test
    public void requireCertRefusesClientWithoutCertificate() throws Exception {
        for (String version : VERSIONS) {
            Settings server = server();
            server.requireCert = true;
            connect(server, null, version).assertServerRejected(under.noClientCertificateReason(version));
        }
    }

    @Test
    public void requireCertWithoutVerificationAcceptsAnyClientCertificate() throws Exception {
        for (String version : VERSIONS) {
            Settings server = server();
            server.requireCert = true;
            Handshake.Result result = connect(server, SELF_SIGNED, version).assertOk();
            assertEquals(SELF_SIGNED.cert(), result.serverSession().getPeerCertificates()[0]);
        }
    }

    @Test
    public void verifyChainServerAcceptsClientChainedToCaFile() throws Exception {
        for (String version : VERSIONS) {
            Settings server = verifyingServer();
            assertTrue("needClientAuth", server.engine("127.0.0.1").getNeedClientAuth());
            Handshake.Result result = connect(server, CLIENT, version).assertOk();
            assertArrayEquals(CLIENT.chain().toArray(), result.serverSession().getPeerCertificates());
        }
    }

    @Test
    public void verifyChainServerRefusesClientFromUntrustedCa() throws Exception {
        for (String version : VERSIONS) {
            connect(verifyingServer(), IMPOSTOR_LEAF, version).assertServerRejected("(verifyChain)");
        }
    }

    @Test
    public void verifyChainServerRefusesClientWithoutCertificate() throws Exception {
        for (String version : VERSIONS) {
            connect(verifyingServer(), null, version).assertServerRejected(under.noClientCertificateReason(version));
        }
    }

    @Test
    public void verifyPeerServerAcceptsPinnedClientAndRefusesOthers() throws Exception {
        for (String version : VERSIONS) {
            connect(server().trust(SELF_SIGNED).verifyPeerOnly(), SELF_SIGNED, version).assertOk();
            connect(server().trust(CLIENT, TestCerts.ROOT).verifyPeerOnly(), CLIENT, version).assertOk();
            // Issued by the same CA, which is trusted too, but verifyPeer wants the leaf itself.
            connect(server().trust(CLIENT, TestCerts.ROOT).verifyPeerOnly(), TestCerts.OTHER_NAME, version)
                    .assertServerRejected("verifyPeer");
        }
    }

    /**
     * The server's CertificateRequest names only CN=sluice-client (its CAfile holds the peer's own
     * certificate), not the client certificate's issuer: the client sends its configured
     * certificate anyway, as OpenSSL does (the providers' own key managers sent none).
     */
    @Test
    public void clientSendsConfiguredCertificateWhateverCaNamesTheServerAsksFor() throws Exception {
        for (String version : VERSIONS) {
            Handshake.Result result = connect(server().trust(CLIENT).verifyPeerOnly(), CLIENT, version).assertOk();
            assertEquals(CLIENT.cert(), result.serverSession().getPeerCertificates()[0]);
        }
    }

    @Test
    public void serverChecksClientNameOnlyWhenCheckHostIsSet() throws Exception {
        Settings server = verifyingServer();
        server.checkHost = List.of("client.example");
        connect(server, CLIENT, "TLSv1.3").assertOk();
        Settings strict = verifyingServer();
        strict.checkHost = List.of("someone-else.example");
        connect(strict, CLIENT, "TLSv1.3").assertServerRejected("does not match someone-else.example");
    }

    @Test
    public void noClientAuthRequestedWhenNeitherRequireCertNorVerifyIsSet() throws Exception {
        SSLEngine engine = server().engine("127.0.0.1");
        assertFalse("needClientAuth", engine.getNeedClientAuth());
        assertFalse("wantClientAuth", engine.getWantClientAuth());
        for (String version : VERSIONS) {
            // The client has a certificate to offer, but is never asked for it.
            Handshake.Result result = connect(server(), CLIENT, version).assertOk();
            try {
                result.serverSession().getPeerCertificates();
                fail("the server should not have received a client certificate over " + version);
            } catch (SSLPeerUnverifiedException expected) {
                // no client certificate
            }
            assertNull("the client sent no certificate", result.clientSession().getLocalCertificates());
        }
    }
}
