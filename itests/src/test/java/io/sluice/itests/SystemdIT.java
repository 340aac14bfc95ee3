package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.onPath;
import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * How a service manager runs bin/sluice: the shipped systemd units parse and start the distribution's
 * script; systemd socket activation (LISTEN_FDS) hands the tunnel its listening socket; and stunnel's
 * -fd N reads the configuration from an inherited descriptor.
 */
public class SystemdIT {

    /** JVM and Karaf start, on a loaded 2-core machine. */
    private static final int START_SECONDS = 60;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-systemd-it", "DNS:localhost,IP:127.0.0.1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    /** systemd-analyze verify, with the installation's path for /opt/sluice: no error, no warning. */
    @Test
    public void theShippedUnitsParseAndStartTheDistributionsScript() throws Exception {
        assertTrue("systemd-analyze is not installed (Debian package systemd; .ci/run installs it)", onPath("systemd-analyze"));
        Path units = tmp.newFolder("units").toPath();
        for (String name : List.of("sluice@.service", "sluice@.socket")) {
            String unit = Files.readString(home.resolve("lib/systemd").resolve(name));
            Files.writeString(units.resolve(name), unit.replace("/opt/sluice", home.toString()));
        }
        String service = Files.readString(units.resolve("sluice@.service"));
        assertTrue(service, service.contains("ExecStart=" + home.resolve("bin/sluice") + " /etc/stunnel/%i.conf"));
        assertTrue(service, service.contains("\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"));
        assertTrue(service, service.contains("\nUser=sluice\n"));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", "./sluice@web.service", "./sluice@web.socket")
                .directory(units.toFile()).redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, verify.exitValue());
        assertEquals("no warning about the units", "", out.lines()
                .filter(line -> line.contains("sluice@")).reduce("", (a, b) -> a + b + "\n"));
    }

    /** systemd-socket-activate listens, and starts bin/sluice with the socket as fd 3 at the first connection. */
    @Test
    public void socketActivationServesTheTunnelOnTheInheritedSocket() throws Exception {
        assertTrue("systemd-socket-activate is not installed (Debian package systemd; .ci/run installs it)", onPath("systemd-socket-activate"));
        String port = KarafOptions.freePort();
        try (Backend backend = new Backend("activated")) {
            Path conf = write(tmp.getRoot().toPath().resolve("activated.conf"), "foreground = yes", "debug = 6",
                    "cert = " + cert, "key = " + key, "[web]", "accept = 127.0.0.1:" + port,
                    "connect = 127.0.0.1:" + backend.port());
            Path log = tmp.getRoot().toPath().resolve("activated.log");
            Process activate = new ProcessBuilder("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                    home.resolve("bin/sluice").toString(), conf.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                SluiceProcess.awaitLine(log, "Listening on 127\\.0\\.0\\.1:" + port, 10, activate);
                // The first client starts the JVM; it waits in the socket's backlog meanwhile.
                try (Clients.Line line = Clients.tls(Integer.parseInt(port), cert, START_SECONDS)) {
                    assertEquals("activated:through systemd's socket", line.ask("through systemd's socket"));
                }
                SluiceProcess.awaitLine(log, "Service \\[web\\] \\(FD=0\\) bound to 127\\.0\\.0\\.1:" + port + "\\b", 10, activate);
                assertEquals("activated:again", Clients.opensslLine(Integer.parseInt(port), cert, "again"));
            } finally {
                activate.destroy();
                assertTrue(activate.waitFor(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    public void twoInheritedSocketsAreRefusedWithTheReason() throws Exception {
        assertTrue("systemd-socket-activate is not installed (Debian package systemd; .ci/run installs it)", onPath("systemd-socket-activate"));
        Path conf = write(tmp.getRoot().toPath().resolve("two.conf"), "foreground = yes", "cert = " + cert,
                "key = " + key, "[web]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:1");
        Path log = tmp.getRoot().toPath().resolve("two.log");
        String first = KarafOptions.freePort();
        String second = KarafOptions.freePort();
        Process activate = new ProcessBuilder("systemd-socket-activate", "-l", "127.0.0.1:" + first, "-l",
                "127.0.0.1:" + second, home.resolve("bin/sluice").toString(), conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            SluiceProcess.awaitLine(log, "Listening on 127\\.0\\.0\\.1:" + second, 10, activate);
            new java.net.Socket("127.0.0.1", Integer.parseInt(first)).close();
            SluiceProcess.awaitLine(log, "^\\[!\\] LISTEN_FDS=2: Sluice takes one inherited listening socket \\(fd 3\\);"
                    + " the JVM cannot adopt fd 4 and on", START_SECONDS, null);
        } finally {
            activate.destroy();
            activate.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** stunnel's -fd N: the file comes through descriptor 3, here a pipe that is read once. */
    @Test
    public void minusFdReadsTheConfigurationFromADescriptor() throws Exception {
        try (Backend backend = new Backend("fd")) {
            String text = String.join("\n", "foreground = yes", "debug = 6", "cert = " + cert, "key = " + key,
                    "[from-fd]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port()) + "\n";
            Path log = tmp.getRoot().toPath().resolve("fd.log");
            // bash gives the script the text on fd 3 through a pipe (no file to read it from again).
            Process sluice = new ProcessBuilder("bash", "-c", "exec \"$1\" -fd 3 3< <(printf '%s' \"$2\")", "bash",
                    home.resolve("bin/sluice").toString(), text).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                int port = Integer.parseInt(SluiceProcess.awaitLine(log,
                        "Service \\[from-fd\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:(\\d+)", START_SECONDS, sluice).group(1));
                assertEquals("fd:read from fd 3", Clients.opensslLine(port, cert, "read from fd 3"));
                // HUP reads the kept copy again: the service stays.
                new ProcessBuilder("kill", "-HUP", Long.toString(sluice.pid())).start().waitFor(10, TimeUnit.SECONDS);
                long deadline = System.currentTimeMillis() + 30_000;
                while (SluiceProcess.read(log).split("Configuration successful", -1).length < 3) {
                    assertTrue("a second Configuration successful:\n" + SluiceProcess.read(log),
                            System.currentTimeMillis() < deadline && sluice.isAlive());
                    Thread.sleep(100);
                }
                assertEquals("fd:after HUP", Clients.opensslLine(port, cert, "after HUP"));
            } finally {
                sluice.destroy();
                sluice.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
