package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bin/sluice FILE} with what stunnel takes and Sluice refused before (issue 18, points 3
 * and 5): a client section without verification options reaching a server of a private CA
 * (stunnel's default: no verification, its MITM warning), several accept lines and every address
 * of an accept host name, exec in an SNI secondary, {@code options = NO_TLSv1_3}, connect to port 0.
 */
public class StunnelAcceptsLikeStunnelIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-accepts-it",
            "DNS:localhost,DNS:shell.example,IP:127.0.0.1,IP:::1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    @Test
    public void stunnelFileWithStunnelDefaultsAndForms() throws Exception {
        String sServerPort = KarafOptions.freePort();
        String first = KarafOptions.freePort();
        String second = KarafOptions.freePort();
        // The installation's certificate is self-signed: a private CA, not in the JVM's trust store.
        Process sServer = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + sServerPort,
                "-cert", cert.toString(), "-key", key.toString(), "-rev").redirectErrorStream(true)
                .redirectOutput(tmp.getRoot().toPath().resolve("s_server.log").toFile()).start();
        try (Backend backend = new Backend("web")) {
            Path conf = write(tmp.getRoot().toPath().resolve("stunnel.conf"), "foreground = yes", "debug = 7",
                    "cert = " + cert, "key = " + key, "",
                    "[out]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + sServerPort, "",
                    "[multi]", "accept = 127.0.0.1:" + first, "accept = localhost:" + second,
                    "connect = 127.0.0.1:" + backend.port(), "",
                    "[web]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "options = NO_TLSv1_3", "",
                    "[shell]", "sni = web:shell.example", "exec = /bin/cat", "",
                    "[zero]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:0");
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("stderr.log"),
                    conf.toString())) {
                sluice.awaitLine("LOG5\\[ui\\]: Configuration successful", 60);
                // stunnel 5.68: one LOG6 "bound to" line per address listened on (observed)
                sluice.awaitLine("LOG6\\[ui\\]: Service \\[multi\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:" + first + "$", 5);
                for (InetAddress address : InetAddress.getAllByName("localhost")) {
                    sluice.awaitLine("LOG6\\[ui\\]: Service \\[multi\\] \\(FD=\\d+\\) bound to "
                            + Pattern.quote(address.getHostAddress()) + ":" + second + "$", 5);
                }
                assertEquals("one line per address", 1 + InetAddress.getAllByName("localhost").length,
                        sluice.log().lines().filter(line -> line.contains("Service [multi] (FD=")).count());
                sluice.awaitLine("LOG4\\[(ui|main)\\]: Service \\[out\\] needs authentication to prevent MITM attacks$", 5);
                try (Clients.Line line = Clients.plain(sluice.boundPort("out"))) {
                    assertEquals("a private CA, unverified as in stunnel", "detsurtnu ac etavirp", line.ask("private ca untrusted"));
                }
                try (Clients.Line line = Clients.tls(Integer.parseInt(first), cert)) {
                    assertEquals("web:first accept", line.ask("first accept"));
                }
                for (InetAddress address : InetAddress.getAllByName("localhost")) {
                    try (Clients.Line line = Clients.tlsTo(address, Integer.parseInt(second), cert)) {
                        assertEquals("web:second accept on " + address.getHostAddress(),
                                line.ask("second accept on " + address.getHostAddress()));
                    }
                }
                int web = sluice.boundPort("web");
                assertEquals("web:over TLSv1.2", Clients.opensslLine(web, cert, "over TLSv1.2", "-tls1_2"));
                assertNull("options = NO_TLSv1_3 refuses TLS 1.3", Clients.opensslLine(web, cert, "x", "-tls1_3"));
                assertEquals("cat in the secondary", Clients.opensslLineAs(web, "shell.example", cert,
                        "cat in the secondary", "-tls1_2"));
                // Port 0 was taken at start (Configuration successful above); a connection there fails when dialled.
                assertNull("nothing behind port 0", Clients.opensslLine(sluice.boundPort("zero"), cert, "x"));
                sluice.awaitLine("LOG\\d\\[\\d+\\]: No more addresses to connect", 10);
                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
            }
        } finally {
            sServer.destroy();
            sServer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * accept = a Unix socket with libwrap = yes, for stunnel4 and Sluice alike: the socket's bound-to
     * line, libwrap skipped in stunnel's words (an unnamed socket has no address to match), and the
     * client logged as "unnamed socket"; data through openssl s_client -unix.
     */
    @Test
    public void aUnixSocketServiceSkipsLibwrapAndNamesItsClientAsStunnel4Does() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", StunnelLauncherIT.onPath("stunnel4"));
        try (Backend backend = new Backend("unix")) {
            for (String program : List.of("stunnel4", home.resolve("bin/sluice").toString())) {
                String name = Path.of(program).getFileName().toString();
                Path socket = tmp.getRoot().toPath().resolve(name + ".sock");
                Path conf = write(tmp.getRoot().toPath().resolve(name + "-unix.conf"), "foreground = yes", "debug = info",
                        "pid =", "cert = " + cert, "key = " + key, "[unix]", "accept = " + socket,
                        "connect = 127.0.0.1:" + backend.port(), "libwrap = yes");
                Path log = tmp.getRoot().toPath().resolve(name + "-unix.log");
                Process process = new ProcessBuilder(program, conf.toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                try {
                    SluiceProcess.awaitLine(log, "LOG6\\[ui\\]: Service \\[unix\\] \\(FD=\\d+\\) bound to localhost:"
                            + Pattern.quote(socket.toString()) + "$", 60, process);
                    assertEquals(program, "unix:over a Unix socket", Clients.opensslUnixLine(socket, cert, "over a Unix socket"));
                    String id = SluiceProcess.awaitLine(log, "LOG6\\[(\\d+)\\]: Libwrap is not supported on Unix sockets$", 10,
                            process).group(1);
                    SluiceProcess.awaitLine(log, "LOG5\\[" + id + "\\]: Service \\[unix\\] accepted connection from unnamed"
                            + " socket$", 10, process);
                } finally {
                    process.destroy();
                    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
                }
            }
        }
    }
}
