package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** stunnel's curves: OpenSSL's names and aliases read as TLS names, in order; anything else refused where it is written. */
public class ConfigParserCurvesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TunnelSettings parse(String... keyValues) throws ConfigException {
        return new TunnelConfigs(tmp.getRoot().toPath()).read(keyValues);
    }

    private String refusal(String... keyValues) {
        return new TunnelConfigs(tmp.getRoot().toPath()).refusal(keyValues);
    }

    @Test
    public void openSslNamesAndAliasesBecomeTlsNamesInTheirOrder() throws Exception {
        assertEquals(List.of("x25519", "secp256r1", "x448", "secp521r1", "secp384r1"), parse("accept", "1", "connect",
                "80", "curves", "X25519:P-256:X448:P-521:P-384").tls().namedGroups());
        assertEquals(List.of("secp384r1", "secp256r1", "ffdhe2048"), parse("accept", "1", "connect", "80", "curves",
                " secp384r1 : prime256v1:FFDHE2048").tls().namedGroups());
        assertNull("the provider's own", parse("accept", "1", "connect", "80").tls().namedGroups());
    }

    @Test
    public void anUnknownEmptyOrRepeatedGroupIsRefused() {
        String expected = ": expected ':' separated names of X25519, X448, P-256 (prime256v1), P-384 (secp384r1),"
                + " P-521 (secp521r1), ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192";
        assertEquals("Service [t]: curves = X25519:brainpoolP256r1: unknown group 'brainpoolP256r1'" + expected,
                refusal("accept", "1", "connect", "80", "curves", "X25519:brainpoolP256r1"));
        assertEquals("Service [t]: curves = X25519::P-256: an empty group name" + expected,
                refusal("accept", "1", "connect", "80", "curves", "X25519::P-256"));
        assertEquals("Service [t]: curves = P-256:prime256v1: names group secp256r1 twice",
                refusal("accept", "1", "connect", "80", "curves", "P-256:prime256v1"));
    }

    @Test
    public void aPskTunnelRefusesCurves() throws Exception {
        Path psk = tmp.getRoot().toPath().resolve("psk.txt");
        Files.writeString(psk, "alice:0123456789abcdef0123456789abcdef\n");
        assertEquals("Service [t]: curves = X25519: not supported with PSKsecrets yet (the PSK engine offers Bouncy"
                + " Castle's default groups)", refusal("accept", "1", "connect", "80", "PSKsecrets", psk.toString(),
                "curves", "X25519"));
    }

    @Test
    public void aRefusalInAFileNamesTheFileAndLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-web.cfg");
        Files.writeString(file, "accept = 8443\nconnect = 80\ncurves = P-256:P-1024\n", StandardCharsets.UTF_8);
        Map<String, Object> properties = new TunnelConfigs(null).config("accept", "8443", "connect", "80",
                "curves", "P-256:P-1024");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        try {
            new TunnelConfigs(tmp.getRoot().toPath()).read(properties);
            fail();
        } catch (ConfigException e) {
            assertEquals("Service [t]: " + file + ":3: curves = P-256:P-1024: unknown group 'P-1024': expected ':'"
                    + " separated names of X25519, X448, P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1),"
                    + " ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192", e.getMessage());
        }
    }
}
