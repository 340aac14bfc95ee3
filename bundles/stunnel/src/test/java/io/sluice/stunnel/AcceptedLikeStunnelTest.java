package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What stunnel accepts is accepted (issue 18, point 5), mapped to the tunnel keys that carry it. */
public class AcceptedLikeStunnelTest {

    /** Every name of stunnel 5.75's manual (options = [-]SSL_OP_NAME), MICROSOFT_*, NETSCAPE_*, NO_DTLS*, PKCS1_CHECK_* spelled out. */
    private static final List<String> DOCUMENTED = List.of("ALL", "ALLOW_CLIENT_RENEGOTIATION", "ALLOW_NO_DHE_KEX",
            "ALLOW_UNSAFE_LEGACY_RENEGOTIATION", "CIPHER_SERVER_PREFERENCE", "CISCO_ANYCONNECT", "CLEANSE_PLAINTEXT",
            "COOKIE_EXCHANGE", "CRYPTOPRO_TLSEXT_BUG", "DISABLE_TLSEXT_CA_NAMES", "DONT_INSERT_EMPTY_FRAGMENTS",
            "ENABLE_KTLS", "ENABLE_MIDDLEBOX_COMPAT", "EPHEMERAL_RSA", "IGNORE_UNEXPECTED_EOF", "LEGACY_SERVER_CONNECT",
            "MICROSOFT_BIG_SSLV3_BUFFER", "MICROSOFT_SESS_ID_BUG", "MSIE_SSLV2_RSA_PADDING", "NETSCAPE_CA_DN_BUG",
            "NETSCAPE_CHALLENGE_BUG", "NETSCAPE_DEMO_CIPHER_CHANGE_BUG", "NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
            "NO_ANTI_REPLAY", "NO_COMPRESSION", "NO_DTLSv1", "NO_DTLSv1_2", "NO_DTLS_MASK", "NO_ENCRYPT_THEN_MAC",
            "NO_EXTENDED_MASTER_SECRET", "NO_QUERY_MTU", "NO_RENEGOTIATION", "NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
            "NO_SSL_MASK", "NO_SSLv2", "NO_SSLv3", "NO_TICKET", "NO_TLSv1", "NO_TLSv1_1", "NO_TLSv1_2", "NO_TLSv1_3",
            "PKCS1_CHECK_1", "PKCS1_CHECK_2", "PRIORITIZE_CHACHA", "SAFARI_ECDHE_ECDSA_BUG", "SINGLE_DH_USE",
            "SINGLE_ECDH_USE", "SSLEAY_080_CLIENT_DH_BUG", "SSLREF2_REUSE_CERT_TYPE_BUG", "TLS_BLOCK_PADDING_BUG",
            "TLS_D5_BUG", "TLSEXT_PADDING", "TLS_ROLLBACK_BUG");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;

    private StunnelConfig read(String... lines) throws IOException, StunnelConfigException {
        file = folder.getRoot().toPath().resolve("stunnel.conf");
        Files.write(file, List.of(lines));
        return StunnelConfigReader.read(file);
    }

    private Map<String, String> server(String... options) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("[a]", "accept = 1", "connect = 2", "cert = s.pem"));
        lines.addAll(List.of(options));
        return read(lines.toArray(String[]::new)).services().get("a");
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> map = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static final Map<String, String> BASE = Map.of("accept", "1", "connect", "2", "cert", "s.pem");

    @Test
    public void severalAcceptLinesAreEachListenedOn() throws Exception {
        assertEquals(with(BASE, "accept", "127.0.0.1:8443, ::1:8443, localhost:9443"),
                read("[a]", "accept = 127.0.0.1:8443", "accept = ::1:8443", "connect = 2", "cert = s.pem",
                        "accept = localhost:9443").services().get("a"));
    }

    @Test
    public void serviceNamesAndPortZeroArePassedAsWritten() throws Exception {
        assertEquals(Map.of("accept", "https", "connect", "smtp", "redirect", "127.0.0.1:0", "cert", "s.pem",
                "verifyChain", "yes", "CAfile", "ca.pem"), read("[a]", "accept = https", "connect = smtp",
                "redirect = 127.0.0.1:0", "cert = s.pem", "verifyChain = yes", "CAfile = ca.pem").services().get("a"));
    }

    @Test
    public void obsoleteVerifyZeroAndOne() throws Exception {
        assertEquals(with(BASE, "verifyChain", "no"), server("verify = 0"));
        StunnelConfig one = read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "verify = 1");
        assertEquals(with(BASE, "verifyChain", "yes"), one.services().get("a"));
        assertEquals(List.of("[:] Service [a]: " + file + ":5: \"verify = 1\": verify = 1: a peer without a certificate"
                + " is refused here (stunnel lets it in unverified); set verify = 0 or verify = 2 to choose"),
                one.warnings());
    }

    @Test
    public void requireCertBesidePskSecretsIsIgnoredAsStunnelDoes() throws Exception {
        StunnelConfig config = read("requireCert = yes", "[psk]", "accept = 1", "connect = 2", "PSKsecrets = psk.txt",
                "[tls]", "accept = 3", "connect = 4", "cert = s.pem");
        assertEquals(Map.of("accept", "1", "connect", "2", "PSKsecrets", "psk.txt"), config.services().get("psk"));
        assertEquals("the section with certificates keeps it", "yes", config.services().get("tls").get("requireCert"));
        assertEquals(List.of("[:] Service [psk]: " + file + ":1: \"requireCert = yes\": requireCert = yes: changes"
                + " nothing beside PSKsecrets, as in stunnel (the pre-shared key authenticates the peer)"),
                config.warnings());
    }

    @Test
    public void debugInASectionIsTakenAndTheGlobalLevelApplies() throws Exception {
        StunnelConfig config = read("debug = 6", "[a]", "accept = 1", "connect = 2", "cert = s.pem", "debug = 7");
        assertEquals(BASE, config.services().get("a"));
        assertEquals(6, config.global().debugLevel());
        assertEquals(List.of("[:] Service [a]: " + file + ":6: \"debug = 7\": debug = 7: changes nothing here: the"
                + " global debug level applies to every service"), config.warnings());
    }

    @Test
    public void execInAnSniSecondaryAndProxyProtocolWithExec() throws Exception {
        StunnelConfig config = read("[web]", "accept = 443", "connect = 80", "cert = s.pem",
                "[shell]", "sni = web:shell.example", "exec = /bin/cat", "cert = s.pem",
                "[proxied]", "accept = 2323", "exec = /usr/local/bin/handler", "protocol = proxy", "cert = s.pem");
        assertEquals(Map.of("sni", "web:shell.example", "exec", "/bin/cat", "cert", "s.pem"),
                config.services().get("shell"));
        assertEquals(Map.of("accept", "2323", "exec", "/usr/local/bin/handler", "protocol", "proxy", "cert", "s.pem"),
                config.services().get("proxied"));
    }

    @Test
    public void opensslOptionsWithAMeaningHereBecomeTunnelKeys() throws Exception {
        assertEquals(with(BASE, "sslVersionMax", "TLSv1.2"), server("options = NO_TLSv1_3"));
        assertEquals(with(BASE, "sslVersionMin", "TLSv1.3"), server("options = NO_TLSv1_2"));
        assertEquals(with(BASE, "renegotiation", "no"), server("renegotiation = yes", "options = NO_RENEGOTIATION"));
        assertEquals(with(BASE, "renegotiation", "yes"), server("options = ALLOW_CLIENT_RENEGOTIATION"));
        // What Sluice always does is taken silently, as stunnel takes NO_SSLv2 and NO_SSLv3 it sets anyway.
        StunnelConfig always = read("options = NO_SSLv3", "[a]", "accept = 1", "connect = 2", "cert = s.pem",
                "options = CIPHER_SERVER_PREFERENCE", "options = SINGLE_ECDH_USE", "options = no_compression");
        assertEquals(BASE, always.services().get("a"));
        assertEquals(List.of(), always.warnings());
    }

    @Test
    public void everyDocumentedOpensslOptionIsTakenAndTheRestSayTheyChangeNothing() throws Exception {
        for (String name : DOCUMENTED) {
            for (String written : List.of(name, "-" + name)) {
                StunnelConfig config = read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "options = " + written);
                boolean applied = !config.services().get("a").equals(BASE);
                List<String> warnings = config.warnings();
                assertTrue(written + ": applied or said: " + warnings, applied || warnings.isEmpty()
                        || warnings.get(0).contains("options = " + written + ": changes nothing here: "));
                if (applied) {
                    assertEquals(written + " applied without a warning", List.of(), warnings);
                }
            }
        }
        StunnelConfig ticket = read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "options = -NO_TICKET");
        assertEquals(List.of("[:] Service [a]: " + file + ":5: \"options = -NO_TICKET\": options = -NO_TICKET: changes"
                + " nothing here: whether a jsse server issues session tickets is the JVM-wide"
                + " jdk.tls.server.enableSessionTicketExtension; bc servers issue none; resumption works either way"),
                ticket.warnings());
    }

    @Test
    public void anOptionStunnelDoesNotKnowIsStunnelsIllegalTlsOption() throws Exception {
        try {
            read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "options = NO_SUCH_THING");
            fail("read should have failed");
        } catch (StunnelConfigException e) {
            assertEquals(List.of("[!] Service [a]: " + file + ":5: \"options = NO_SUCH_THING\": Illegal TLS option",
                    "[!] Configuration failed"), e.messages());
        }
        assertNull(null);
    }
}
