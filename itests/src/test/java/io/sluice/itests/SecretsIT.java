package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Passwords in the distribution, as a user sees them: tunnel:create puts a keyPassword in
 * etc/secrets (rw-------) and only a reference in the tunnel file, so config:list never shows it;
 * and a manager cannot make or change a tunnel through config:* around tunnel:*'s admin-only ACL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretsIT {

    private static final String KEY_PASSWORD = "itest-Key-Passw0rd";

    @Inject
    private TunnelAdmin admin;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    @Before
    public void awaitCommands() throws Exception {
        console().awaitTunnelCommands();
    }

    private Console console() {
        return new Console(sessions);
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    public void aKeyPasswordGivenToTunnelCreateIsInAPrivateSecretFileAndNeverInConfigList() throws Exception {
        Path etc = Tunnels.etc();
        // The installation's default certificate, as a PKCS#12 file protected by the password.
        Process export = new ProcessBuilder("openssl", "pkcs12", "-export", "-in", etc.resolve("sluice.crt").toString(),
                "-inkey", etc.resolve("sluice.key").toString(), "-passout", "pass:" + KEY_PASSWORD,
                "-out", etc.resolve("secrets-it.p12").toString()).redirectErrorStream(true).start();
        assertTrue(export.waitFor(30, TimeUnit.SECONDS));
        assertEquals(new String(export.getInputStream().readAllBytes()), 0, export.exitValue());
        try (Backend backend = new Backend("S")) {
            String port = KarafOptions.freePort();
            console().admin("tunnel:create --accept 127.0.0.1:" + port + " --connect 127.0.0.1:" + backend.port()
                    + " --cert secrets-it.p12 -o keyPassword=" + KEY_PASSWORD + " locked");
            new Tunnels(admin).awaitState("locked", TunnelState.RUNNING);
            try (Clients.Line line = Clients.tls(Integer.parseInt(port), etc.resolve("sluice.crt"))) {
                assertEquals("S:the key opened with the secret", line.ask("the key opened with the secret"));
            }

            Path file = Tunnels.file("locked");
            String written = Files.readString(file);
            assertFalse(written, written.contains(KEY_PASSWORD));
            assertTrue(written, written.contains("keyPassword = $[secret:locked.keyPassword]"));
            assertEquals("rw-r--r--", mode(file));
            Path secret = etc.resolve("secrets/locked.keyPassword");
            assertEquals(KEY_PASSWORD, Files.readString(secret));
            assertEquals("rw-------", mode(secret));
            assertEquals("rwx------", mode(secret.getParent()));

            for (String roles : List.of("admin", "viewer")) {
                String list = console().as("config:list '(service.pid=io.sluice.tunnel~locked)'", roles);
                assertTrue(list, list.contains("keyPassword = $[secret:locked.keyPassword]"));
                assertFalse(list, list.contains(KEY_PASSWORD));
            }
            String info = console().admin("tunnel:info locked");
            assertFalse(info, info.contains(KEY_PASSWORD));
        } finally {
            console().admin("tunnel:delete locked");
        }
        new Tunnels(admin).awaitGone("locked");
        assertFalse("tunnel:delete takes the tunnel's secret along", Files.exists(etc.resolve("secrets/locked.keyPassword")));
    }

    @Test
    public void aManagerCannotMakeOrChangeATunnelThroughConfigCommands() throws Exception {
        expectRefused("config:edit --factory io.sluice.tunnel --alias by-manager");
        expectRefused("config:edit io.sluice.tunnel~by-manager");
        expectRefused("config:property-set -p io.sluice.tunnel~by-manager exec /bin/sh");
        expectRefused("config:property-append -p io.sluice.tunnel~by-manager accept 127.0.0.1:0");
        expectRefused("config:property-set -p io.sluice.stunnel directory /tmp");
        expectRefused("config:delete io.sluice.tunnel~demo");
        expectRefused("config:install file:/etc/hostname io.sluice.tunnel-by-manager.cfg");
        assertTrue(admin.tunnel("by-manager").isEmpty());
        assertFalse(Files.exists(Tunnels.file("by-manager")));

        // Other configurations stay a manager's, as in Karaf.
        console().as("config:property-set -p org.example.managed x y", "manager");
        assertTrue(console().as("config:property-list -p org.example.managed", "manager").contains("x = y"));
        console().admin("config:delete org.example.managed");
    }

    private void expectRefused(String command) {
        try {
            String out = console().as(command, "manager", "viewer");
            fail(command + " ran for a manager: " + out);
        } catch (Exception e) {
            // Karaf's ACL: "Insufficient credentials." for a command the role may run with other arguments;
            // a command no role of the session may run is hidden ("Command not found").
            String message = String.valueOf(e.getMessage());
            assertTrue(command + ": " + message, message.contains("Insufficient credentials") || message.startsWith("Command not found"));
        }
    }
}
