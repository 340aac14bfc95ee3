package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;

import io.sluice.stunnel.StunnelConfig;
import io.sluice.stunnel.StunnelConfigException;
import io.sluice.stunnel.StunnelConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** The JIT of a file's process: C1 alone only when no section can land on a provider whose crypto is Java. */
public class JitChoiceTest {

    private static final String SERVER = "[s]\naccept = 127.0.0.1:4430\nconnect = 80\ncert = /etc/s.pem\n";
    private static final String CLIENT = "[c]\nclient = yes\naccept = 127.0.0.1:8080\nconnect = example.org:443\n";

    @Test
    public void sectionsOnTheDefaultProviderGetTheQuickJit() {
        assertEquals("quick", jit(SERVER + CLIENT));
        assertEquals("quick", jit("tlsProvider = openssl\n" + SERVER));
        assertEquals("quick", jit(SERVER + "ticketKeySecret = " + "ab".repeat(16) + "\nticketMacSecret = "
                + "cd".repeat(16) + "\n"));
        assertEquals("quick", jit(SERVER + "renegotiation = no\n"));
    }

    @Test
    public void anySectionThatMayRunOnAJavaProviderKeepsTheFullJit() {
        assertEquals("full", jit(SERVER + CLIENT + "tlsProvider = jsse\n"));
        assertEquals("full", jit("tlsProvider = bc\n" + SERVER));
        assertEquals("full", jit(SERVER + "ciphersuites = TLS_AES_256_GCM_SHA384\n"));
        assertEquals("full", jit(SERVER + "ciphers = ECDHE-RSA-AES128-GCM-SHA256\n"));
        assertEquals("full", jit(SERVER + "curves = X448\n"));
        assertEquals("full", jit(SERVER + "renegotiation = yes\n"));
        assertEquals("full", jit(CLIENT + "PSKsecrets = /etc/psk.txt\n"));
    }

    @Test
    public void withoutTheNativeLibraryEveryDefaultIsJsse() {
        assertEquals("full", JitChoice.of(config(SERVER), "Linux", "aarch64"));
        assertEquals("full", JitChoice.of(config(SERVER), "Mac OS X", "x86_64"));
        assertEquals("quick", JitChoice.of(config(SERVER), "Linux", "amd64"));
    }

    private static String jit(String file) {
        return JitChoice.of(config(file), "Linux", "amd64");
    }

    private static StunnelConfig config(String text) {
        try {
            Path file = Files.createTempFile("jit", ".conf");
            try {
                return StunnelConfigReader.read(Files.writeString(file, text));
            } finally {
                Files.delete(file);
            }
        } catch (IOException | StunnelConfigException e) {
            throw new AssertionError(e);
        }
    }
}
