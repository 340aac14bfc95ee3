package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.pki.PskFiles;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * TLS 1.2 session resumption on PSK tunnels (PSKsecrets) with real peers: openssl s_client saves
 * a session (-sess_out) and offers it again (-sess_in) to a Sluice server, a Sluice client offers
 * its session to openssl s_server -www (whose page says New or Reused), and stunnel4 as a PSK
 * client resumes on Sluice. Sluice's log says "previous session reused" and its counter counts it;
 * a reloaded secrets file keeps the sessions of unchanged keys only.
 */
public class PskResumptionInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ALICE_KEY = "00112233445566778899aabbccddeeff0011223344556677";
    private static final String ALICE_NEW_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa9988";
    private static final String BOB_KEY = "8899aabbccddeeff0011223344556677";

    @Rule
    public final Interop interop = new Interop(new BcTlsProvider());

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    private Path secrets;
    private EchoServer echo;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        secrets = interop.dir().resolve("psk.txt");
        echo = interop.echoServer();
    }

    private PreSharedKeys keys(String aliceKey, String clientIdentity) throws Exception {
        Files.writeString(secrets, "alice:" + aliceKey + "\nbob:" + BOB_KEY + "\n");
        return new PreSharedKeys(PskFiles.load(secrets), clientIdentity);
    }

    /** PSK settings of both versions, as a tunnel without sslVersion has them. */
    private static TlsSettings settings(boolean client, PreSharedKeys keys) {
        return TlsSettings.builder(client).versionMin("TLSv1.2").versionMax("TLSv1.3").psk(keys).build();
    }

    /** A server tunnel on {@code context}, as a tunnel made with {@code settings} and later reloaded holds it. */
    private Listener server(TlsSettings settings, TlsContext context) throws Exception {
        return interop.tunnel(interop.spec("interop-server", false,
                new Target("127.0.0.1", new InetSocketAddress(Interop.LOOPBACK, echo.port())), settings, observer)
                .tls(context).build());
    }

    private Listener server(TlsSettings settings) throws Exception {
        return server(settings, interop.context(settings));
    }

    /**
     * One s_client TLS 1.2 connection: sends a line, waits for its echo, ends. Returns s_client's
     * stdout, with its "New, " or "Reused, " line.
     */
    private String sClient(Listener sluice, String name, String identity, String key, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + sluice.boundAddress().getPort(), "-psk_identity", identity, "-psk", key, "-tls1_2",
                "-no_ign_eof"));
        command.addAll(List.of(extra));
        Peer client = interop.start(name, command, true);
        client.writeLine("hello " + name);
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = client.readLine(WAIT)) != null) {
            out.append(line).append('\n');
            if (line.equals("hello " + name)) {
                break;
            }
        }
        client.closeStdin();
        out.append(client.readRest(WAIT));
        assertEquals(name + " exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue(name + ": the line came back; stdout:\n" + out, out.toString().contains("hello " + name + "\n"));
        return out.toString();
    }

    /*
     * OpenSSL's "New, " / "Reused, " line names the suite's own version ("TLSv1.0" for the ECDHE-PSK
     * CBC suites OpenSSL prefers); the session's protocol is on the "Protocol  :" line.
     */
    private static void assertNew(String message, String output) {
        assertTrue(message, output.contains("\nNew, ") && output.contains("Protocol  : TLSv1.2"));
    }

    private static void assertReused(String message, String output) {
        assertTrue(message, output.contains("\nReused, ") && output.contains("Protocol  : TLSv1.2"));
    }

    private long serverLines(String ending) {
        return log.lines("Service [interop-server] #").stream().filter(l -> l.endsWith(ending)).count();
    }

    @Test(timeout = 60_000)
    public void openSslClientResumesItsTls12PskSession() throws Exception {
        Listener sluice = server(settings(false, keys(ALICE_KEY, null)));
        Path session = interop.dir().resolve("alice.sess");

        String first = sClient(sluice, "first", "alice", ALICE_KEY, "-sess_out", session.toString());
        String second = sClient(sluice, "second", "alice", ALICE_KEY, "-sess_in", session.toString());

        assertNew("first: s_client says New; stdout:\n" + first, first);
        assertReused("second: s_client says Reused; stdout:\n" + second, second);
        Interop.await("two connections closed: " + observer, () -> observer.closed.get() == 2, WAIT);
        assertEquals("new sessions counted", 1, observer.newSessions.get());
        assertEquals("resumed sessions counted", 1, observer.resumedSessions.get());
        assertEquals("stunnel's PSK line for the full handshake", 1, serverLines(" TLS accepted: PSK"));
        assertEquals("stunnel's line for the resumed one", 1, serverLines(" TLS accepted: previous session reused"));
        assertEquals("the key looked up once", 1, serverLines(" Key configured for PSK identity \"alice\""));
        assertEquals("the resumed session still names its identity", 2, serverLines(" PSK identity: alice"));
    }

    @Test(timeout = 60_000)
    public void reloadedSecretsDropTheSessionsOfAChangedKeyOnly() throws Exception {
        TlsSettings first = settings(false, keys(ALICE_KEY, null));
        TlsContext before = interop.context(first);
        Listener old = server(first, before);
        Path alice = interop.dir().resolve("alice.sess");
        Path bob = interop.dir().resolve("bob.sess");
        // A GCM suite, whose OpenSSL version is TLSv1.2: s_client's line then reads "Reused, TLSv1.2".
        String[] gcm = {"-cipher", "PSK-AES128-GCM-SHA256"};
        sClient(old, "alice-first", "alice", ALICE_KEY, "-sess_out", alice.toString(), gcm[0], gcm[1]);
        sClient(old, "bob-first", "bob", BOB_KEY, "-sess_out", bob.toString(), gcm[0], gcm[1]);

        // The secrets file now gives alice another key; as the tunnel's reload does, the new context takes over.
        TlsContext after = interop.context(settings(false, keys(ALICE_NEW_KEY, null)));
        after.takeOver(before);
        Listener reloaded = server(first, after);

        String aliceAgain = sClient(reloaded, "alice-new-key", "alice", ALICE_NEW_KEY, "-sess_in", alice.toString(),
                gcm[0], gcm[1]);
        String bobAgain = sClient(reloaded, "bob-again", "bob", BOB_KEY, "-sess_in", bob.toString(), gcm[0], gcm[1]);
        assertNew("alice's old session is not resumed; stdout:\n" + aliceAgain, aliceAgain);
        assertTrue("bob's is; stdout:\n" + bobAgain, bobAgain.contains("\nReused, TLSv1.2, Cipher is PSK-AES128-GCM-SHA256"));
        assertTrue("alice's: stdout:\n" + aliceAgain, aliceAgain.contains("\nNew, TLSv1.2, Cipher is PSK-AES128-GCM-SHA256"));
        Interop.await("four connections closed: " + observer, () -> observer.closed.get() == 4, WAIT);
        assertEquals("resumed sessions counted", 1, observer.resumedSessions.get());
    }

    /** s_server's status page for one plaintext connection through the tunnel. */
    private static String statusPage(Listener sluice) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, sluice.boundAddress().getPort()), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test(timeout = 60_000)
    public void sluiceClientResumesWithOpenSslServer() throws Exception {
        int port = Interop.freePort();
        Interop.awaitPort(interop.start("s_server", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-nocert", "-psk_identity", "bob", "-psk", BOB_KEY, "-tls1_2", "-www"), false), port, WAIT);
        // Both versions offered, as by default: the TLS 1.2 server's session is offered all the same.
        Listener sluice = interop.sluiceClient(settings(true, keys(ALICE_KEY, "bob")), "localhost", port, observer,
                null, Map.of());

        String first = statusPage(sluice);
        String second = statusPage(sluice);
        String third = statusPage(sluice);
        assertNew("first: s_server says New; page:\n" + first, first);
        assertReused("second: s_server says Reused; page:\n" + second, second);
        assertReused("third: s_server says Reused; page:\n" + third, third);
        Interop.await("three connections closed: " + observer, () -> observer.closed.get() == 3, WAIT);
        assertEquals("new sessions counted", 1, observer.newSessions.get());
        assertEquals("resumed sessions counted", 2, observer.resumedSessions.get());
        assertEquals(2, log.lines("Service [interop-client] #").stream()
                .filter(l -> l.endsWith(" TLS connected: previous session reused")).count());
    }

    @Test(timeout = 90_000)
    public void stunnelPskClientResumesOnSluiceServer() throws Exception {
        Interop.binary("stunnel4");
        Listener sluice = server(settings(false, keys(ALICE_KEY, null)));
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-psk-client", stunnelPort, """
                [psk-client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                PSKsecrets = %s
                PSKidentity = bob
                sslVersion = TLSv1.2
                debug = 7
                """.formatted(stunnelPort, sluice.boundAddress().getPort(), secrets));
        for (int i = 0; i < 3; i++) {
            assertEquals("line " + i, Interop.exchangeLine(stunnelPort, "line " + i));
        }
        Path stunnelLog = interop.dir().resolve("stunnel-psk-client.stunnel.log");
        // stunnel's own port probe makes one handshake more than the test's three.
        Interop.await("stunnel logged as many handshakes as Sluice counted: " + observer, () -> {
            String text = Interop.read(stunnelLog);
            long logged = text.lines().filter(l -> l.contains("TLS connected: ")).count();
            return logged >= 3 && logged == observer.newSessions.get() + observer.resumedSessions.get();
        }, WAIT);
        String text = Interop.read(stunnelLog);
        long stunnelReused = text.lines().filter(l -> l.contains("TLS connected: previous session reused")).count();
        assertTrue("stunnel resumed at least the test's second and third; log:\n" + text, stunnelReused >= 2);
        assertEquals("Sluice counted what stunnel logged", stunnelReused, observer.resumedSessions.get());
        assertEquals("Sluice's log says so", stunnelReused, serverLines(" TLS accepted: previous session reused"));
        assertEquals("every handshake TLS 1.2", observer.newSessions.get() + observer.resumedSessions.get(),
                log.lines("TLSv1.2 ciphersuite: TLS_ECDHE_PSK_").size());
    }
}
