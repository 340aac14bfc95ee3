package io.sluice.tls.jsse.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.Test;

/** sslVersionMin / sslVersionMax, ciphers (TLS 1.2) and ciphersuites (TLS 1.3). */
public abstract class ProtocolsAndSuitesContract extends ProviderContract {

    protected ProtocolsAndSuitesContract(ProviderUnderTest under) {
        super(under);
    }

    private static final String ECDSA_AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String ECDSA_AES256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

    private Handshake.Result connect(Settings client, Settings server) throws Exception {
        return Handshake.run(client.engine("localhost"), server.engine("127.0.0.1"));
    }

    /** Context creation fails, and the message contains every one of {@code words}. */
    private static void assertRefused(Settings settings, String... words) {
        try {
            settings.context();
            fail("the context should have been refused");
        } catch (GeneralSecurityException e) {
            for (String word : words) {
                assertTrue("\"" + e.getMessage() + "\" should name " + word, e.getMessage().contains(word));
            }
        }
    }

    // --- versions

    @Test
    public void defaultsNegotiateTls13() throws Exception {
        Handshake.Result result = connect(client(), server()).assertOk();
        assertEquals("TLSv1.3", result.clientSession().getProtocol());
    }

    @Test
    public void defaultServerAcceptsTls12OnlyClient() throws Exception {
        Handshake.Result result = connect(client().versions("TLSv1.2", "TLSv1.2"), server())
                .assertOk();
        assertEquals("TLSv1.2", result.serverSession().getProtocol());
    }

    @Test
    public void tls13OnlyServerRefusesTls12OnlyClient() throws Exception {
        Handshake.Result result = connect(client().versions(null, "TLSv1.2"),
                server().versions("TLSv1.3", null));
        result.assertServerRejected(under.unsupportedVersionReason("TLSv1.2"));
        result.assertClientClosed();
    }

    @Test
    public void tls12OnlyServerRefusesTls13OnlyClient() throws Exception {
        connect(client().versions("TLSv1.3", "TLSv1.3"), server().versions("TLSv1.2", "TLSv1.2"))
                .assertServerRejected(under.unsupportedVersionReason("TLSv1.3"));
    }

    @Test
    public void minAboveMaxRefusedAtContextCreation() {
        assertRefused(client().versions("TLSv1.3", "TLSv1.2"), "sslVersionMin", "sslVersionMax");
        assertRefused(server().versions("TLSv1.3", "TLSv1.2"), "sslVersionMin", "sslVersionMax");
    }

    @Test
    public void unknownVersionRefusedAtContextCreationNamingTheSetting() {
        assertRefused(client().versions("TLSv1.1", null), "sslVersionMin", "TLSv1.1");
        assertRefused(client().versions(null, "TLSv9"), "sslVersionMax", "TLSv9");
    }

    // --- suites

    @Test
    public void defaultTls13SuiteIsAes128Gcm() throws Exception {
        Handshake.Result result = connect(client(), server()).assertOk();
        assertEquals("TLS_AES_128_GCM_SHA256", result.clientSession().getCipherSuite());
    }

    @Test
    public void defaultServerPrefersAes128GcmOverClientPreference() throws Exception {
        Settings client = client();
        if (!under.choosesTls13Suites()) {
            client.ciphersuites = List.of("TLS_AES_256_GCM_SHA384");
            assertRefused(client, "ciphersuites", "tlsProvider");
            return;
        }
        client.ciphersuites = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
        Handshake.Result result = connect(client, server()).assertOk();
        assertEquals("TLS_AES_128_GCM_SHA256", result.serverSession().getCipherSuite());
    }

    @Test
    public void serverOrderOfCiphersuitesWinsOverClientOrder() throws Exception {
        Settings client = client();
        client.ciphersuites = List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");
        Settings server = server();
        server.ciphersuites = List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
        if (!under.choosesTls13Suites()) {
            assertRefused(server, "ciphersuites", "tlsProvider");
            return;
        }
        Handshake.Result result = connect(client, server).assertOk();
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", result.clientSession().getCipherSuite());
    }

    @Test
    public void serverOrderOfCiphersWinsOverClientOrderOnTls12() throws Exception {
        Settings client = client().versions("TLSv1.2", "TLSv1.2");
        client.ciphers = List.of(ECDSA_AES128, ECDSA_AES256);
        Settings server = server();
        server.ciphers = List.of(ECDSA_AES256, ECDSA_AES128);
        Handshake.Result result = connect(client, server).assertOk();
        assertEquals(ECDSA_AES256, result.clientSession().getCipherSuite());
        assertEquals("TLSv1.2", result.clientSession().getProtocol());
    }

    @Test
    public void noCommonCipherRefusesHandshake() throws Exception {
        Settings client = client().versions("TLSv1.2", "TLSv1.2");
        client.ciphers = List.of(ECDSA_AES128);
        Settings server = server();
        server.ciphers = List.of(ECDSA_AES256);
        connect(client, server).assertServerRejected(under.noCommonSuiteReason());
    }

    @Test
    public void unknownCiphersuiteRefusedAtContextCreationNamingTheSetting() {
        Settings settings = server();
        settings.ciphersuites = List.of("TLS_AES_128_GCM_SHA256", "TLS_NO_SUCH_SUITE");
        assertRefused(settings, "ciphersuites", "TLS_NO_SUCH_SUITE");
    }

    @Test
    public void unknownCipherRefusedAtContextCreationNamingTheSetting() {
        Settings settings = client();
        settings.ciphers = List.of("TLS_ECDHE_RSA_WITH_NOTHING");
        assertRefused(settings, "ciphers", "TLS_ECDHE_RSA_WITH_NOTHING");
    }
}
