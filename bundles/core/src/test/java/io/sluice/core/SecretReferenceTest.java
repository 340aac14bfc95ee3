package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.SecretFiles;
import io.sluice.pki.SelfSigned;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code keyPassword = $[secret:NAME]} and {@code protocolPassword = $[secret:NAME]}: the tunnel reads
 * the password from etc/secrets/NAME, so that its configuration holds none; a plain value still works.
 */
public class SecretReferenceTest {

    private static final String PASSWORD = "Corr3ct-Horse";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path etc() {
        return tmp.getRoot().toPath();
    }

    private TunnelConfigs configs() {
        return new TunnelConfigs(etc(), "accept", "127.0.0.1:0", "connect", "127.0.0.1:9");
    }

    /** A PKCS#12 file protected by PASSWORD. */
    private void pkcs12(String name) throws Exception {
        KeyMaterial material = SelfSigned.generate("t", List.of("localhost"), Duration.ofDays(1));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("t", material.key(), PASSWORD.toCharArray(), material.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(etc().resolve(name))) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    @Test
    public void aKeyPasswordReferenceIsReadFromItsSecretFile() throws Exception {
        pkcs12("t.p12");
        SecretFiles.write(etc(), "t.keyPassword", PASSWORD + "\n"); // as `echo PASSWORD > file` leaves it
        TunnelSettings settings = configs().read("cert", "t.p12", "keyPassword", "$[secret:t.keyPassword]");
        assertNotNull(settings.tls().keyMaterial());
    }

    @Test
    public void aPlainKeyPasswordStillWorks() throws Exception {
        pkcs12("t.p12");
        assertNotNull(configs().read("cert", "t.p12", "keyPassword", PASSWORD).tls().keyMaterial());
    }

    @Test
    public void aMissingSecretRefusesTheConfigurationNamingTheFile() throws Exception {
        pkcs12("t.p12");
        String message = configs().refusal("cert", "t.p12", "keyPassword", "$[secret:nope]");
        assertTrue(message, message.startsWith("Service [t]: keyPassword = ****: cannot read the secret "
                + etc().resolve("secrets").resolve("nope") + ": java.nio.file.NoSuchFileException"));
    }

    @Test
    public void aWrongSecretIsAWrongPassword() throws Exception {
        pkcs12("t.p12");
        SecretFiles.write(etc(), "t.keyPassword", "wrong");
        String message = configs().refusal("cert", "t.p12", "keyPassword", "$[secret:t.keyPassword]");
        assertTrue(message, message.contains("wrong keyPassword"));
        assertFalse(message, message.contains("wrong\n") || message.contains(PASSWORD));
    }

    @Test
    public void aProtocolPasswordReferenceReachesThePluginResolved() throws Exception {
        SecretFiles.write(etc(), "t.protocolPassword", "s3cret");
        TunnelSettings settings = configs().read("client", "yes", "protocol", "connect", "protocolHost", "example.com:443",
                "protocolUsername", "alice", "protocolPassword", "$[secret:t.protocolPassword]");
        assertEquals("s3cret", settings.protocolOptions().get("protocolPassword"));
        assertEquals("alice", settings.protocolOptions().get("protocolUsername"));
    }

    @Test
    public void theSecretFileAndItsDirectoryAreTheOwnersOnly() throws Exception {
        SecretFiles.write(etc(), "t.keyPassword", PASSWORD);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(etc().resolve("secrets"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(etc().resolve("secrets/t.keyPassword"))));
    }
}
