package io.sluice.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What tunnel:create and tunnel:set leave on disk when a password is given: the password in
 * etc/secrets/NAME.KEY, readable by the owner only, and in the tunnel file only a reference, so that
 * config:list and JMX never show it.
 */
public class TunnelFilesSecretsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path etc() {
        return tmp.getRoot().toPath();
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private void create(String name, String... keyValues) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("accept", "8443");
        values.put("connect", "127.0.0.1:8080");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        TunnelFiles.create(etc(), name, values);
    }

    @Test
    public void aCreatedKeyPasswordGoesToAPrivateSecretFileAndTheTunnelFileHoldsTheReference() throws Exception {
        create("web", "cert", "web.p12", "keyPassword", "s3cret-pw");
        Path file = etc().resolve("io.sluice.tunnel-web.cfg");
        String content = Files.readString(file);
        assertFalse(content, content.contains("s3cret-pw"));
        assertTrue(content, content.contains("keyPassword = $[secret:web.keyPassword]\n"));
        assertEquals("no secret inside: the default mode", "rw-r--r--", mode(file));
        Path secret = etc().resolve("secrets/web.keyPassword");
        assertEquals("s3cret-pw", Files.readString(secret));
        assertEquals("rw-------", mode(secret));
        assertEquals("rwx------", mode(etc().resolve("secrets")));
    }

    @Test
    public void aTunnelWithoutPasswordWritesNoSecret() throws Exception {
        create("plain");
        assertEquals("rw-r--r--", mode(etc().resolve("io.sluice.tunnel-plain.cfg")));
        assertFalse(Files.exists(etc().resolve("secrets")));
    }

    @Test
    public void aReferenceGivenByTheOperatorIsWrittenAsIs() throws Exception {
        create("proxy", "client", "yes", "protocol", "connect", "protocolUsername", "alice",
                "protocolPassword", "$[secret:shared-proxy]");
        String content = Files.readString(etc().resolve("io.sluice.tunnel-proxy.cfg"));
        assertTrue(content, content.contains("protocolPassword = $[secret:shared-proxy]\n"));
        assertFalse(Files.exists(etc().resolve("secrets/proxy.protocolPassword")));
    }

    @Test
    public void setWritesTheNewPasswordAndStampsTheFileSoThatTheTunnelReadsItAgain() throws Exception {
        create("web", "cert", "web.p12", "keyPassword", "first");
        Path file = etc().resolve("io.sluice.tunnel-web.cfg");
        TunnelFiles.set(etc(), "web", "KEYPASSWORD", "second");
        String content = Files.readString(file);
        assertFalse(content, content.contains("second"));
        assertEquals(1, content.split("keyPassword = ", -1).length - 1);
        assertTrue(content, content.contains("keyPassword = $[secret:web.keyPassword]\n"));
        assertTrue(content, content.contains(TunnelFiles.SECRETS_STAMP + " = "));
        assertEquals("second", Files.readString(etc().resolve("secrets/web.keyPassword")));
        assertEquals("rw-------", mode(etc().resolve("secrets/web.keyPassword")));
        assertEquals("rw-r--r--", mode(file));

        Files.setLastModifiedTime(etc().resolve("secrets/web.keyPassword"), java.nio.file.attribute.FileTime.fromMillis(1000));
        TunnelFiles.set(etc(), "web", "keyPassword", "third");
        String again = Files.readString(file);
        assertNotEquals("a new password changes the configuration", content, again);
    }

    @Test
    public void aFileHoldingAPasswordInClearIsRewrittenPrivate() throws Exception {
        Path file = etc().resolve("io.sluice.tunnel-hand.cfg");
        Files.writeString(file, "accept = 8443\nconnect = 80\nkeyPassword = by-hand\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        TunnelFiles.set(etc(), "hand", "connect", "81");
        assertEquals("rw-------", mode(file));
        assertTrue(Files.readString(file).contains("connect = 81\n"));
    }

    @Test
    public void aPrivateFileStaysPrivate() throws Exception {
        create("own");
        Path file = etc().resolve("io.sluice.tunnel-own.cfg");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        TunnelFiles.set(etc(), "own", "connect", "81");
        assertEquals("rw-------", mode(file));
    }

    @Test
    public void deleteTakesTheTunnelsOwnSecretsAlongButNotSharedOnes() throws Exception {
        create("proxy", "client", "yes", "protocol", "connect", "protocolUsername", "alice",
                "protocolPassword", "pw", "keyPassword", "$[secret:shared]");
        Files.writeString(etc().resolve("secrets/shared"), "kept");
        TunnelFiles.delete(etc(), "proxy");
        assertFalse(Files.exists(etc().resolve("io.sluice.tunnel-proxy.cfg")));
        assertFalse(Files.exists(etc().resolve("secrets/proxy.protocolPassword")));
        assertTrue(Files.exists(etc().resolve("secrets/shared")));
    }
}
