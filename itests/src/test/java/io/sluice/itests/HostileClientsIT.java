package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a hostile client costs, through {@code bin/sluice FILE} against real peers, as stunnel's log
 * lines say it: a renegotiating openssl s_client, a client over the tunnel's connection limit, a
 * client that says nothing; each costs its own connection, and the tunnel serves the next one.
 */
public class HostileClientsIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-hostile-it",
            "DNS:localhost,IP:127.0.0.1");

    private SluiceProcess start(Backend backend, String... sectionLines) throws Exception {
        String[] lines = new String[6 + sectionLines.length];
        String[] head = {"foreground = yes", "debug = 7", "cert = " + installation.cert(), "key = " + installation.key(),
            "[in]", "connect = 127.0.0.1:" + backend.port()};
        System.arraycopy(head, 0, lines, 0, head.length);
        System.arraycopy(sectionLines, 0, lines, head.length, sectionLines.length);
        Path conf = StunnelLauncherIT.write(tmp.getRoot().toPath().resolve("hostile.conf"), lines);
        return SluiceProcess.start(installation.home(), tmp.getRoot().toPath().resolve("hostile.log"), conf.toString());
    }

    @Test
    public void aRenegotiatingClientLosesItsConnectionUnlessRenegotiationIsAllowed() throws Exception {
        try (Backend backend = new Backend("tls12")) {
            // jsse: stunnel's line for the refusal is Sluice's on jsse and bc; BoringSSL (the default
            // provider) refuses a client's renegotiation itself and never renegotiates (README).
            try (SluiceProcess sluice = start(backend, "accept = 127.0.0.1:0", "tlsProvider = jsse")) {
                int port = sluice.boundPort("in");
                assertFalse("refused by default", renegotiateThenSend(port));
                sluice.awaitLine("LOG3\\[\\d+\\]: Aborting due to renegotiation request", 10);
                assertEquals("the next client is served", "tls12:next", Clients.opensslLine(port, installation.cert(), "next"));
            }
            try (SluiceProcess sluice = start(backend, "accept = 127.0.0.1:0", "renegotiation = yes", "tlsProvider = jsse")) {
                assertTrue("renegotiation = yes", renegotiateThenSend(sluice.boundPort("in")));
            }
        }
    }

    /**
     * openssl s_client over TLS 1.2: a line through, then its "R" command (renegotiate), then
     * another line; whether that line's answer came back.
     */
    private static boolean renegotiateThenSend(int port) throws Exception {
        Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                "-CAfile", installation.cert().toString(), "-servername", "localhost")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        OutputStream in = client.getOutputStream();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            in.write("first\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            awaitAnswer(out, "tls12:first");
            in.write("R\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            Thread.sleep(500);
            try {
                in.write("again\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            } catch (java.io.IOException closed) {
                return false; // s_client ended already: the server closed the connection
            }
            return awaitAnswer(out, "tls12:again");
        } finally {
            try {
                in.close();
            } catch (java.io.IOException ended) {
                // s_client is gone already
            }
            client.destroy();
            client.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Whether the line comes before the end of the output (or 10 s). */
    private static boolean awaitAnswer(BufferedReader out, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = Clients.readLineWithin(out, 10);
            if (line == null) {
                return false;
            }
            if (line.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void aClientOverMaxConnectionsIsRejectedInStunnelsWordsAndTheOthersGoOn() throws Exception {
        try (Backend backend = new Backend("limited")) {
            try (SluiceProcess sluice = start(backend, "accept = 127.0.0.1:0", "maxConnections = 1");
                    Clients.Line holder = Clients.tls(sluice.boundPort("in"), installation.cert())) {
                int port = sluice.boundPort("in");
                assertEquals("limited:one", holder.ask("one"));
                try (Socket over = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    over.setSoTimeout(10_000);
                    assertEquals("reset at once (stunnel's reset = yes)", "reset", Clients.end(over));
                }
                sluice.awaitLine("LOG4\\[\\d+\\]: Connection rejected: too many clients \\(>=1\\)", 10);
                assertEquals("the admitted client goes on", "limited:two", holder.ask("two"));
            }
        }
    }

    @Test
    public void aSilentClientIsClosedAtTheSetupDeadline() throws Exception {
        try (Backend backend = new Backend("deadline")) {
            try (SluiceProcess sluice = start(backend, "accept = 127.0.0.1:0", "TIMEOUThandshake = 2");
                    Socket silent = new Socket(InetAddress.getLoopbackAddress(), sluice.boundPort("in"))) {
                silent.setSoTimeout(15_000);
                long start = System.nanoTime();
                assertEquals("stunnel's reset = yes", "reset", Clients.end(silent));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertTrue("closed after " + seconds + " s, TIMEOUThandshake = 2", seconds < 6);
                sluice.awaitLine("LOG3\\[\\d+\\]: TLS handshake not done within 2 s \\(TIMEOUThandshake\\)", 10);
            }
        }
    }
}
