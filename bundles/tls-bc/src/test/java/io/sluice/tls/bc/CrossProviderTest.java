package io.sluice.tls.bc;

import static org.junit.Assert.assertEquals;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.Handshake;
import io.sluice.tls.jsse.contract.Settings;
import io.sluice.tls.jsse.contract.TestCerts;
import java.util.List;
import org.junit.Test;

/** A JSSE client with a BC server and a BC client with a JSSE server, in memory: the two providers interoperate. */
public class CrossProviderTest {

    private static final TlsProvider JSSE = new JsseTlsProvider();
    private static final TlsProvider BC = new BcTlsProvider();

    private static Handshake.Result connect(Settings client, Settings server) throws Exception {
        return Handshake.run(client.engine("localhost"), server.engine("127.0.0.1"));
    }

    @Test
    public void jsseClientToBcServerNegotiatesTls13WithAes128Gcm() throws Exception {
        Handshake.Result result = connect(Settings.client(JSSE), Settings.server(BC)).assertOk();
        assertEquals("TLSv1.3", result.clientSession().getProtocol());
        assertEquals("TLS_AES_128_GCM_SHA256", result.clientSession().getCipherSuite());
    }

    @Test
    public void bcClientToJsseServerNegotiatesTls13WithAes128Gcm() throws Exception {
        Handshake.Result result = connect(Settings.client(BC), Settings.server(JSSE)).assertOk();
        assertEquals("TLSv1.3", result.clientSession().getProtocol());
        assertEquals("TLS_AES_128_GCM_SHA256", result.clientSession().getCipherSuite());
    }

    @Test
    public void bothDirectionsWorkOverTls12() throws Exception {
        for (Settings[] pair : new Settings[][] {{Settings.client(JSSE), Settings.server(BC)},
                {Settings.client(BC), Settings.server(JSSE)}}) {
            Handshake.Result result = connect(pair[0].versions("TLSv1.2", "TLSv1.2"), pair[1]).assertOk();
            assertEquals("TLSv1.2", result.clientSession().getProtocol());
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", result.clientSession().getCipherSuite());
        }
    }

    @Test
    public void bcServerOrderWinsOverJsseClientPreferringChaCha20() throws Exception {
        Settings client = Settings.client(JSSE);
        client.ciphersuites = List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_AES_128_GCM_SHA256");
        Handshake.Result result = connect(client, Settings.server(BC)).assertOk();
        assertEquals("TLS_AES_128_GCM_SHA256", result.serverSession().getCipherSuite());
    }

    @Test
    public void mutualAuthenticationAcrossProviders() throws Exception {
        Settings bcServer = Settings.server(BC).trust(TestCerts.ROOT);
        bcServer.verifyChain = true;
        Handshake.Result result = connect(Settings.client(JSSE).key(TestCerts.CLIENT), bcServer).assertOk();
        assertEquals(TestCerts.CLIENT.cert(), result.serverSession().getPeerCertificates()[0]);

        Settings jsseServer = Settings.server(JSSE).trust(TestCerts.ROOT);
        jsseServer.verifyChain = true;
        result = connect(Settings.client(BC).key(TestCerts.CLIENT), jsseServer).assertOk();
        assertEquals(TestCerts.CLIENT.cert(), result.serverSession().getPeerCertificates()[0]);
    }

    @Test
    public void bcClientRefusesJsseServerWithWrongName() throws Exception {
        connect(Settings.client(BC), Settings.server(JSSE).key(TestCerts.OTHER_NAME))
                .assertClientRejected("does not match localhost");
    }

    @Test
    public void jsseClientRefusesBcServerWithWrongName() throws Exception {
        connect(Settings.client(JSSE), Settings.server(BC).key(TestCerts.OTHER_NAME))
                .assertClientRejected("does not match localhost");
    }

    @Test
    public void bcServerVersionRefusalReachesJsseClientAsProtocolVersionAlert() throws Exception {
        connect(Settings.client(JSSE).versions("TLSv1.2", "TLSv1.2"), Settings.server(BC).versions("TLSv1.3", null))
                .assertServerRejected("protocol_version").assertClientRejected("protocol_version");
    }

    @Test
    public void bcClientClosesOnJsseServerVersionRefusal() throws Exception {
        // BCJSSE's client engine logs the received alert and closes its inbound side; it throws nothing.
        connect(Settings.client(BC).versions("TLSv1.2", "TLSv1.2"), Settings.server(JSSE).versions("TLSv1.3", null))
                .assertServerRejected("TLSv1.2").assertClientClosed();
    }
}
