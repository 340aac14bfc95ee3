package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SocketOptions;
import io.sluice.api.transport.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;

/**
 * stunnel's {@code local} (the source address the target sees) and {@code reset} (a connection ended
 * by a timeout reaches both peers as a TCP RST with {@code yes}, as a FIN with {@code no}).
 */
public class LocalAndResetTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    @Rule
    public final LogCapture log = new LogCapture();

    @Test(timeout = 30_000)
    public void theTargetSeesTheConfiguredSourceAddress() throws Exception {
        CompletableFuture<InetAddress> seen = new CompletableFuture<>();
        Fixtures.Backend backend = fx.backend(socket -> {
            seen.complete(socket.getInetAddress());
            Fixtures.echo().handle(socket);
        });
        InetAddress local = InetAddress.getByName("127.0.0.2");
        Listener tunnel = fx.listen(Fixtures.spec("local", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls())
                .socketOptions(options(local, true)).build());
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.getOutputStream().write('l');
            assertEquals('l', client.getInputStream().read());
        }
        assertEquals(local, seen.get(10, TimeUnit.SECONDS));
    }

    @Test(timeout = 30_000)
    public void resetYesEndsAnIdleConnectionWithAResetOnBothSides() throws Exception {
        Ends ends = idleOut(true);
        assertEquals("reset", ends.client());
        assertEquals("reset", ends.target());
        // stunnel 5.68 after an error with reset = yes: "Connection reset: ..."
        assertClosingLine("client", "Connection reset: ");
        assertClosingLine("server", "Connection reset: ");
    }

    @Test(timeout = 30_000)
    public void resetNoEndsAnIdleConnectionWithAFinOnBothSides() throws Exception {
        Ends ends = idleOut(false);
        assertEquals("EOF", ends.client());
        assertEquals("EOF", ends.target());
        assertClosingLine("client", "Connection closed: ");
        assertClosingLine("server", "Connection closed: ");
    }

    @Test(timeout = 30_000)
    public void resetYesAlsoResetsAClientThatNeverStartedItsHandshake() throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.spec("setup", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10),
                        Duration.ofSeconds(1)), new CountingObserver()).tls(Fixtures.serverTls())
                .socketOptions(options(null, true)).build());
        Socket silent = fx.plainClient(tunnel.boundAddress());
        assertEquals("reset", end(silent));
    }

    /**
     * A client-mode tunnel whose server fails the handshake (a plain backend answers the
     * ClientHello with text): the plain client is reset with reset = yes, sees EOF with no.
     */
    @Test(timeout = 30_000)
    public void aFailedHandshakeResetsThePlainSideOnlyWithResetYes() throws Exception {
        for (boolean reset : new boolean[] {true, false}) {
            Fixtures.Backend notTls = fx.backend(socket -> {
                socket.getOutputStream().write("this is no TLS server\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getInputStream().read();
            });
            Listener client = fx.listen(Fixtures.spec("failing-" + reset, true, List.of(notTls.target()),
                    Failover.PRIO, Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.clientTls())
                    .socketOptions(options(null, reset)).build());
            Socket plain = fx.plainClient(client.boundAddress());
            assertEquals("reset = " + reset, reset ? "reset" : "EOF", end(plain));
            // What stunnel 5.68 logs for a client section whose server is no TLS server (observed):
            // "SSL_connect: ... wrong version number", "Connection reset: 0 byte(s) sent to TLS, ..."
            // OpenSSL sends no alert then, so both sockets are reset.
            assertClosingLine("failing-" + reset, (reset ? "Connection reset" : "Connection closed")
                    + ": 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
        }
    }

    /**
     * A server section whose client's certificate fails: an alert went out, so that side closes and
     * only the plain side would be reset; stunnel 5.68 says "Connection reset/closed" (remote/local).
     */
    @Test(timeout = 30_000)
    public void aHandshakeEndedByAnAlertClosesTheTlsSideAndSaysResetClosed() throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        Listener server = fx.listen(Fixtures.spec("alerted", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls())
                .socketOptions(options(null, true)).build());
        Process sClient = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.boundAddress().getPort(),
                "-verify_return_error").redirectErrorStream(true) // the system's CAs: the tunnel's certificate is refused
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String said = new String(sClient.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said, sClient.waitFor(20, TimeUnit.SECONDS));
        assertTrue("s_client refused the certificate: " + said, said.contains("verify error"));
        assertClosingLine("alerted", "Connection reset/closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
    }

    /** The tunnel's one closing line, waited for, says {@code expected} after the connection's tag. */
    private void assertClosingLine(String tunnel, String expected) throws InterruptedException {
        Pattern closing = Pattern.compile(".*Service \\[" + Pattern.quote(tunnel) + "\\] #\\d+ Connection \\S+: .*");
        Fixtures.await("the closing line of " + tunnel, 10_000,
                () -> log.lines(tunnel).stream().anyMatch(line -> closing.matcher(line).matches()));
        List<String> lines = log.lines(tunnel).stream().filter(line -> closing.matcher(line).matches()).toList();
        assertEquals(lines.toString(), 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).matches(".*#\\d+ " + Pattern.quote(expected) + ".*"));
    }

    private record Ends(String client, String target) {
    }

    /**
     * A plain client, a client-mode tunnel, TLS, a server-mode tunnel, a plain target; TIMEOUTidle
     * (1 s) ends the connection in both tunnels. How each plain peer saw its end.
     */
    private Ends idleOut(boolean reset) throws Exception {
        CompletableFuture<String> target = new CompletableFuture<>();
        Fixtures.Backend backend = fx.backend(socket -> {
            socket.getOutputStream().write('t');
            target.complete(end(socket));
        });
        Timeouts idle = Fixtures.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        Listener server = fx.listen(Fixtures.spec("server", false, List.of(backend.target()), Failover.PRIO, idle,
                new CountingObserver()).tls(Fixtures.serverTls()).socketOptions(options(null, reset)).build());
        Listener client = fx.listen(Fixtures.spec("client", true, List.of(Fixtures.target(server.boundAddress())),
                Failover.PRIO, idle, new CountingObserver()).tls(Fixtures.clientTls())
                .socketOptions(options(null, reset)).build());
        try (Socket plain = fx.plainClient(client.boundAddress())) {
            assertEquals('t', plain.getInputStream().read());
            return new Ends(end(plain), target.get(10, TimeUnit.SECONDS));
        }
    }

    /** Reads until the peer ends the connection: "EOF" for a FIN, "reset" for a RST. */
    private static String end(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            while (socket.getInputStream().read() >= 0) {
                // data before the end does not matter here
            }
            return "EOF";
        } catch (SocketException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Connection reset"));
            return "reset";
        }
    }

    private static SocketOptions options(InetAddress local, boolean reset) {
        return new SocketOptions(Map.of(), Map.of(), Map.of(), local, reset);
    }
}
