package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** stunnel's accept = /PATH and connect = /PATH, with socat as the Unix-socket peer. */
public class UnixSocketTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /**
     * socat on the Unix socket of a client-mode tunnel, TLS to a server-mode tunnel, a TCP echo
     * backend: socat's bytes come back, and its half-close (end of its input) reaches the backend
     * and back, which ends socat.
     */
    @Test(timeout = 60_000)
    public void acceptOnAUnixSocketCarriesBytesAndHalfCloseBothWays() throws Exception {
        assertTrue("socat is not installed (Debian package socat; .ci/run installs it)", onPath("socat"));
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        Listener server = fx.listen(Fixtures.serverSpec("server", List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()));
        Path socket = tmp.getRoot().toPath().resolve("client.sock");
        Listener client = fx.listen(Fixtures.spec("unix-in", true, List.of(Fixtures.target(server.boundAddress())),
                Failover.PRIO, Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.clientTls())
                .accept(new AcceptSide.UnixSocket(socket)).build());
        assertTrue("the socket file exists", Files.exists(socket));
        Process socat = new ProcessBuilder("socat", "-t", "10", "-", "UNIX-CONNECT:" + socket).start();
        try (OutputStream in = socat.getOutputStream()) {
            in.write("through a unix socket\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(socat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("socat ends once the echo's FIN came back", socat.waitFor(20, TimeUnit.SECONDS));
        assertEquals("through a unix socket\n", out);
        assertEquals(0, socat.exitValue());
        client.close(true);
        Fixtures.await("the socket file removed when the tunnel stops", 5_000, () -> !Files.exists(socket));
    }

    /** A TLS client, a server-mode tunnel, socat listening on a Unix socket as the target. */
    @Test(timeout = 60_000)
    public void connectToAUnixSocket() throws Exception {
        assertTrue("socat is not installed (Debian package socat; .ci/run installs it)", onPath("socat"));
        Path socket = tmp.getRoot().toPath().resolve("target.sock");
        Process target = new ProcessBuilder("socat", "UNIX-LISTEN:" + socket + ",fork", "SYSTEM:'echo unix target; cat'")
                .redirectErrorStream(true).start();
        try {
            Fixtures.await("socat listens", 10_000, () -> Files.exists(socket));
            Listener tunnel = fx.listen(Fixtures.spec("unix-out", false, List.of(Fixtures.target(1)), Failover.PRIO,
                    Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls())
                    .connect(new ConnectSide.UnixSocket(socket)).build());
            try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
                InputStream in = client.getInputStream();
                assertEquals("unix target", line(in));
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("ping", line(in));
            }
        } finally {
            target.destroy();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test(timeout = 30_000)
    public void aRegularFileAtThePathIsNotReplaced() throws Exception {
        Path file = tmp.newFile("not-a-socket").toPath();
        Files.writeString(file, "keep me");
        try {
            fx.listen(Fixtures.spec("unix-file", false, List.of(Fixtures.target(1)), Failover.PRIO,
                    Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls())
                    .accept(new AcceptSide.UnixSocket(file)).build());
            throw new AssertionError("bound over a regular file");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("exists and is no socket"));
        }
        assertEquals("keep me", Files.readString(file));
        assertFalse(Files.isDirectory(file));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
