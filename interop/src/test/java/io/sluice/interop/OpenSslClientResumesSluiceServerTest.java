package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * openssl s_client saves the session of a first connection (-sess_out) and offers it on a second
 * (-sess_in) to a Sluice server-mode tunnel: s_client says "Reused", and Sluice logs stunnel's
 * "TLS accepted: previous session reused" and counts it; with sessionResume = no it never is.
 */
public class OpenSslClientResumesSluiceServerTest {

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
    private Identity identity;
    private EchoServer echo;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        identity = interop.identity("sluice");
        echo = interop.echoServer();
    }

    /**
     * One s_client connection: sends a line, waits for its echo (so the TLS 1.3 ticket, sent right
     * after the handshake, has arrived), ends. Returns s_client's stdout: its "New, " or "Reused, "
     * line and the echo.
     */
    private String connect(Listener sluice, String name, String... extra) throws Exception {
        return sClient(interop, identity, sluice.boundAddress().getPort(), name, extra);
    }

    /** {@link #connect} to any port of 127.0.0.1 whose server has {@code identity}'s certificate. */
    static String sClient(Interop interop, Identity identity, int port, String name, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Interop.binary("openssl"), "s_client",
                "-connect", "127.0.0.1:" + port,
                "-CAfile", identity.cert().toString(), "-verify_return_error", "-servername", "localhost",
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

    private void assertSecondConnectionResumed(String version) throws Exception {
        Listener sluice = interop.sluiceServer(identity, echo.port(), observer, true, List.of());
        Path session = interop.dir().resolve("session.pem");

        String first = connect(sluice, "first", version, "-sess_out", session.toString());
        String second = connect(sluice, "second", version, "-sess_in", session.toString());

        String v = version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";
        assertTrue("first: s_client says New; stdout:\n" + first, first.contains("New, " + v));
        assertTrue("second: s_client says Reused; stdout:\n" + second, second.contains("Reused, " + v));
        Interop.await("two connections closed: " + observer, () -> observer.closed.get() == 2, WAIT);
        assertEquals("new sessions counted", 1, observer.newSessions.get());
        assertEquals("resumed sessions counted", 1, observer.resumedSessions.get());
        // stunnel's lines: the phrase, then "TLSv1.x ciphersuite: ..." on its own line.
        assertEquals(1, log.lines("Service [interop-server] #").stream()
                .filter(l -> l.endsWith(" TLS accepted: new session negotiated")).count());
        assertEquals(1, log.lines("Service [interop-server] #").stream()
                .filter(l -> l.endsWith(" TLS accepted: previous session reused")).count());
        assertEquals(2, log.lines("Service [interop-server] #").stream()
                .filter(l -> l.contains(" " + v + " ciphersuite: ")).count());
    }

    private void assertNeverResumed(String version, boolean sessionResume) throws Exception {
        Listener sluice = interop.sluiceServer(identity, echo.port(), observer, sessionResume, List.of());
        Path session = interop.dir().resolve("session.pem");

        connect(sluice, "first", version, "-sess_out", session.toString());
        // BCJSSE sends no TLS 1.3 ticket, so s_client has no session to save, and nothing to offer.
        String second = Files.exists(session) ? connect(sluice, "second", version, "-sess_in", session.toString())
                : connect(sluice, "second", version);

        assertTrue("second: s_client says New; stdout:\n" + second, second.contains("New, "));
        Interop.await("two connections closed: " + observer, () -> observer.closed.get() == 2, WAIT);
        assertEquals("new sessions counted", 2, observer.newSessions.get());
        assertEquals("resumed sessions counted", 0, observer.resumedSessions.get());
        assertEquals(2, log.lines(" TLS accepted: new session negotiated").size());
        assertEquals(0, log.lines(" TLS accepted: previous session reused").size());
    }

    @Test(timeout = 60_000)
    public void tls12SessionIsResumed() throws Exception {
        assertSecondConnectionResumed("-tls1_2");
    }

    @Test(timeout = 60_000)
    public void tls13SessionIsResumedWhereTheProviderCan() throws Exception {
        if (resumesTls13()) {
            assertSecondConnectionResumed("-tls1_3");
        } else {
            assertNeverResumed("-tls1_3", true);
        }
    }

    @Test(timeout = 60_000)
    public void sessionResumeNoNeverResumesTls12() throws Exception {
        assertNeverResumed("-tls1_2", false);
    }

    @Test(timeout = 60_000)
    public void sessionResumeNoNeverResumesTls13() throws Exception {
        assertNeverResumed("-tls1_3", false);
    }
}
