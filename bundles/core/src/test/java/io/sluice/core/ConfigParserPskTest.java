package io.sluice.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** stunnel's PSKsecrets / PSKidentity in a tunnel configuration: what is taken, and each refusal's words. */
public class ConfigParserPskTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String HEX_KEY = "000102030405060708090a0b0c0d0e0f";

    private TunnelConfigs configs() {
        return new TunnelConfigs(tmp.getRoot().toPath(), "accept", "127.0.0.1:0", "connect", "127.0.0.1:80");
    }

    private TunnelSettings parse(String... keyValues) throws ConfigException {
        return configs().read(keyValues);
    }

    private String refusal(String... keyValues) {
        return configs().refusal(keyValues);
    }

    private Path secrets(String content) throws Exception {
        Path file = tmp.getRoot().toPath().resolve("psk.txt");
        Files.writeString(file, content);
        return file;
    }

    @Test
    public void serverTakesEveryLineNeedsNoCertificateAndGetsTheBcProvider() throws Exception {
        Path file = secrets("alice:" + HEX_KEY + "\r\n\nbob:a passphrase of some length\n");
        TunnelSettings s = parse("PSKsecrets", "psk.txt");
        assertFalse("no default certificate for a PSK server", s.needsDefaultCertificate());
        assertEquals("bc", s.tlsProvider());
        assertEquals(2, s.tls().psk().keys().size());
        assertArrayEquals("hex decoded", java.util.HexFormat.of().parseHex(HEX_KEY), s.tls().psk().byIdentity().get("alice"));
        assertArrayEquals("not hex: the text's bytes", "a passphrase of some length".getBytes(StandardCharsets.US_ASCII),
                s.tls().psk().byIdentity().get("bob"));
        assertTrue("the secrets file is followed like a certificate", s.tlsFiles().contains(file));
        assertFalse(s.tls().verifies());
    }

    @Test
    public void clientUsesPskIdentityOrTheFirstIdentityAndVerifiesNoCertificate() throws Exception {
        secrets("alice:" + HEX_KEY + "\nbob:" + HEX_KEY.toUpperCase() + "\n");
        TunnelSettings first = parse("client", "yes", "PSKsecrets", "psk.txt");
        assertEquals("alice", first.tls().psk().clientIdentity());
        assertFalse("a PSK client checks no certificate", first.tls().verifyChain());
        assertFalse(first.tls().checkConnectHost());
        assertEquals("bob", parse("client", "yes", "PSKsecrets", "psk.txt", "PSKidentity", "bob").tls().psk().clientIdentity());
        assertEquals("verifyChain = no is fine", "alice",
                parse("client", "yes", "PSKsecrets", "psk.txt", "verifyChain", "no").tls().psk().clientIdentity());
        assertEquals("Service [t]: PSKidentity = carol: not an identity of PSKsecrets " + tmp.getRoot().toPath().resolve("psk.txt"),
                refusal("client", "yes", "PSKsecrets", "psk.txt", "PSKidentity", "carol"));
    }

    @Test
    public void fileErrorsNameFileAndLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("psk.txt");
        String prefix = "Service [t]: PSKsecrets = psk.txt: " + file + ":";
        secrets("alice:" + HEX_KEY + "\nbob:short\n");
        assertEquals(prefix + "2: Key shorter than 16 bytes", refusal("PSKsecrets", "psk.txt"));
        secrets("alice:" + HEX_KEY.substring(2) + "\n");
        assertEquals("30 hex digits are 15 bytes", prefix + "1: Key shorter than 16 bytes", refusal("PSKsecrets", "psk.txt"));
        secrets("alice:" + "x".repeat(513) + "\n");
        assertEquals(prefix + "1: Key longer than 512 bytes", refusal("PSKsecrets", "psk.txt"));
        secrets("just a line without the separator\n");
        assertEquals(prefix + "1: Identity not found (expected IDENTITY:KEY)", refusal("PSKsecrets", "psk.txt"));
        secrets("a".repeat(256) + ":" + HEX_KEY + "\n");
        assertEquals(prefix + "1: Identity longer than 255 characters", refusal("PSKsecrets", "psk.txt"));
        secrets("alice:" + HEX_KEY + "\nalice:" + HEX_KEY + "\n");
        assertEquals(prefix + "2: Identity 'alice' is listed twice", refusal("PSKsecrets", "psk.txt"));
        secrets("\n\n");
        assertEquals("Service [t]: PSKsecrets = psk.txt: " + file + ": no IDENTITY:KEY line", refusal("PSKsecrets", "psk.txt"));
        assertEquals("Service [t]: PSKsecrets = nope.txt: PSKsecrets file " + tmp.getRoot().toPath().resolve("nope.txt")
                + " does not exist", refusal("PSKsecrets", "nope.txt"));
    }

    @Test
    public void optionsThatNeedCertificatesOrTheJdkAreRefused() throws Exception {
        secrets("alice:" + HEX_KEY + "\n");
        assertEquals("Service [t]: tlsProvider = jsse: PSKsecrets needs tlsProvider = bc (JSSE has no TLS-PSK;"
                + " a PSK tunnel without tlsProvider gets bc)", refusal("PSKsecrets", "psk.txt", "tlsProvider", "jsse"));
        assertEquals("Service [t]: cert = c.pem: not used with PSKsecrets: a PSK tunnel authenticates by the pre-shared"
                + " key alone (no certificate, no ALPN)", refusal("PSKsecrets", "psk.txt", "cert", "c.pem"));
        assertTrue(refusal("client", "yes", "PSKsecrets", "psk.txt", "verifyChain", "yes")
                .startsWith("Service [t]: verifyChain = yes: not used with PSKsecrets"));
        assertTrue(refusal("client", "yes", "PSKsecrets", "psk.txt", "alpn", "h2")
                .startsWith("Service [t]: alpn = h2: not used with PSKsecrets"));
        assertEquals("Service [t]: PSKidentity = alice: has no effect without PSKsecrets",
                refusal("client", "yes", "PSKidentity", "alice"));
        assertEquals("Service [t]: PSKidentity = alice: only a client presents an identity (client = yes); a server"
                + " accepts every identity of PSKsecrets", refusal("PSKsecrets", "psk.txt", "PSKidentity", "alice"));
        assertEquals("bc", parse("PSKsecrets", "psk.txt", "tlsProvider", "BC").tlsProvider());
    }

    @Test
    public void ciphersAreNamedPskSuitesOrACipherStringMeaningTheDefaults() throws Exception {
        secrets("alice:" + HEX_KEY + "\n");
        assertNull(parse("PSKsecrets", "psk.txt", "ciphers", "PSK").tls().ciphers());
        assertNull("stunnel's default", parse("PSKsecrets", "psk.txt", "ciphers", "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK").tls().ciphers());
        assertEquals(List.of("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256"),
                parse("PSKsecrets", "psk.txt", "ciphers", "ECDHE-PSK-AES128-CBC-SHA256:TLS_PSK_WITH_AES_128_GCM_SHA256")
                        .tls().ciphers());
        assertTrue(refusal("PSKsecrets", "psk.txt", "ciphers", "PSK:!ECDHEPSK")
                .startsWith("Service [t]: ciphers = PSK:!ECDHEPSK: '!ECDHEPSK' is not understood with PSKsecrets"));
        assertTrue(refusal("PSKsecrets", "psk.txt", "ciphers", "AES128-SHA")
                .startsWith("Service [t]: ciphers = AES128-SHA: 'AES128-SHA' is not understood with PSKsecrets"));
        assertTrue(refusal("PSKsecrets", "psk.txt", "ciphers", "HIGH:PSK-AES128-GCM-SHA256")
                .contains("mixes PSK suite names with keywords"));
    }
}
