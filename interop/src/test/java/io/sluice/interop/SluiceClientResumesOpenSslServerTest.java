package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A Sluice client-mode tunnel to openssl s_server -www, whose status page says whether the
 * connection's session was "New" or "Reused": the tunnel's second connection offers the first one's
 * session (stunnel's sessionResume = yes), and with sessionResume = no it never does. Also ALPN:
 * Sluice offers its alpn list, s_server -alpn picks.
 */
public class SluiceClientResumesOpenSslServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    /** Whether Sluice's provider resumes TLS 1.3 sessions (BCJSSE 1.84 resumes TLS 1.2 only). */
    protected boolean resumesTls13() {
        return true;
    }

    @Rule
    public final Interop interop = new Interop(provider());

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    private Identity serverIdentity;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        serverIdentity = interop.identity("s_server");
    }

    private int sServer(String... extra) throws Exception {
        int port = Interop.freePort();
        List<String> command = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", serverIdentity.cert().toString(), "-key", serverIdentity.key().toString(), "-www"));
        command.addAll(List.of(extra));
        Interop.awaitPort(interop.start("s_server", command, false), port, Duration.ofSeconds(15));
        return port;
    }

    private Listener tunnel(int serverPort, boolean sessionResume, List<String> alpn) throws Exception {
        return interop.sluiceClient(List.of(serverIdentity.certificate()), "localhost", serverPort, observer,
                sessionResume, alpn);
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

    private void assertResumed(String version) throws Exception {
        Listener sluice = tunnel(sServer(version), true, List.of());
        String first = statusPage(sluice);
        String second = statusPage(sluice);
        String v = version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";
        assertTrue("first: s_server says New; page:\n" + first, first.contains("New, " + v));
        assertTrue("second: s_server says Reused; page:\n" + second, second.contains("Reused, " + v));
        Interop.await("two connections closed: " + observer, () -> observer.closed.get() == 2, WAIT);
        assertEquals("new sessions counted", 1, observer.newSessions.get());
        assertEquals("resumed sessions counted", 1, observer.resumedSessions.get());
        // stunnel's lines: the phrase, then "TLSv1.x ciphersuite: ..." on its own line.
        assertEquals(1, log.lines("Service [interop-client] #").stream()
                .filter(l -> l.endsWith(" TLS connected: new session negotiated")).count());
        assertEquals(1, log.lines("Service [interop-client] #").stream()
                .filter(l -> l.endsWith(" TLS connected: previous session reused")).count());
        assertEquals(2, log.lines("Service [interop-client] #").stream()
                .filter(l -> l.contains(" " + v + " ciphersuite: ")).count());
    }

    private void assertNeverResumed(String version, boolean sessionResume) throws Exception {
        Listener sluice = tunnel(sServer(version), sessionResume, List.of());
        for (int i = 0; i < 3; i++) {
            String page = statusPage(sluice);
            assertTrue("connection " + i + ": s_server says New; page:\n" + page, page.contains("New, "));
        }
        Interop.await("three connections closed: " + observer, () -> observer.closed.get() == 3, WAIT);
        assertEquals("resumed sessions counted", 0, observer.resumedSessions.get());
        assertEquals(3, log.lines(" TLS connected: new session negotiated").size());
    }

    @Test(timeout = 60_000)
    public void tls12SessionIsOffered() throws Exception {
        assertResumed("-tls1_2");
    }

    @Test(timeout = 60_000)
    public void tls13SessionIsOfferedWhereTheProviderCan() throws Exception {
        if (resumesTls13()) {
            assertResumed("-tls1_3");
        } else {
            assertNeverResumed("-tls1_3", true);
        }
    }

    @Test(timeout = 60_000)
    public void sessionResumeNoOffersNoSessionOverTls12() throws Exception {
        assertNeverResumed("-tls1_2", false);
    }

    @Test(timeout = 60_000)
    public void sessionResumeNoOffersNoSessionOverTls13() throws Exception {
        assertNeverResumed("-tls1_3", false);
    }

    @Test(timeout = 60_000)
    public void alpnIsOfferedAndServersChoiceCounted() throws Exception {
        Listener sluice = tunnel(sServer("-alpn", "http/1.1"), true, List.of("h2", "http/1.1"));
        statusPage(sluice);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        // Sluice offered h2 first: http/1.1 is s_server's choice from Sluice's offer.
        assertEquals(List.of("http/1.1"), observer.applicationProtocols);
        assertEquals(1, log.lines(" TLS connected: new session negotiated").size());
        assertEquals(1, log.lines(" ALPN protocol negotiated: http/1.1").size());
    }
}
