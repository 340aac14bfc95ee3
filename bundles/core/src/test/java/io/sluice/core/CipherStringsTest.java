package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

public class CipherStringsTest {

    /** Cipher strings seen in real stunnel.conf files and OpenSSL's documentation. */
    private static final List<String> EXPRESSIONS = List.of(
            "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK", "HIGH:!aNULL:!MD5", "HIGH:!aNULL:!MD5:!RC4:!3DES", "DEFAULT", "ALL",
            "ECDHE+AESGCM:ECDHE+CHACHA20:!DSS", "EECDH+AESGCM:EDH+AESGCM", "kRSA", "SHA256", "TLSv1.2",
            "AES128:@STRENGTH", "AES:-SHA1:+AES256", "ALL:!RSA:+AES256", "aECDSA", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA",
            "HIGH:@SECLEVEL=2:!kRSA", "ECDHE:!ECDSA:@STRENGTH", "CHACHA20:AES256-GCM-SHA384");

    @Test
    public void agreesWithOpensslOnTheSuitesTheJvmHas() throws Exception {
        assertTrue("openssl is not installed (Debian package openssl; .ci/run installs it)", opensslWorks());
        Map<String, String> names = CipherStrings.names();
        for (String expression : EXPRESSIONS) {
            List<String> expected = openssl(expression).stream().filter(names::containsKey).collect(Collectors.toList());
            List<String> actual = CipherStrings.evaluate(expression).stream()
                    .map(iana -> names.entrySet().stream().filter(e -> e.getValue().equals(iana)).findFirst()
                            .map(Map.Entry::getKey).orElse(iana))
                    .collect(Collectors.toList());
            assertEquals(expression, expected, actual);
        }
    }

    @Test
    public void suiteNamesOfBothKindsAreSingleSuites() {
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                CipherStrings.evaluate("ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
    }

    @Test
    public void aBangRemovesForGoodAMinusOnlyUntilAddedAgain() {
        assertEquals(List.of(), filter(CipherStrings.evaluate("AESGCM:!kRSA:kRSA"), "TLS_RSA_"));
        assertEquals("all six kRSA suites come back", 6, filter(CipherStrings.evaluate("AESGCM:-kRSA:kRSA"), "TLS_RSA_").size());
    }

    @Test
    public void unknownWordsAreErrorsAndAnEmptyResultToo() {
        try {
            CipherStrings.evaluate("HIGH:!aNUL");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("unknown cipher suite or OpenSSL keyword 'aNUL'", e.getMessage());
        }
        try {
            CipherStrings.evaluate("PSK:CAMELLIA");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no TLS 1.2 cipher suite of the JVM's providers matches 'PSK:CAMELLIA'"));
        }
    }

    private static List<String> filter(List<String> suites, String prefix) {
        return suites.stream().filter(s -> s.startsWith(prefix)).collect(Collectors.toList());
    }

    private static List<String> openssl(String expression) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "ciphers", "-s", "-tls1_2", expression).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("openssl ciphers " + expression, 0, process.waitFor());
        return Arrays.asList(out.split(":"));
    }

    private static boolean opensslWorks() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
