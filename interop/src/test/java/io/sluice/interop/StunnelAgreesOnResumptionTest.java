package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * stunnel4 on the other end of three connections says of each handshake what Sluice says: stunnel
 * logs "TLS accepted: ..." (server) or "TLS connected: ..." (client) with "new session negotiated"
 * or "previous session reused", and Sluice's log and counters must agree line for line.
 */
public class StunnelAgreesOnResumptionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CONNECTIONS = 3;

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

    private EchoServer echo;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        Interop.binary("stunnel4");
        echo = interop.echoServer();
    }

    private static long count(String text, String what) {
        return text.lines().filter(line -> line.contains(what)).count();
    }

    /**
     * Every handshake both ends completed (the harness's port probe of a stunnel client makes one
     * more than the test's connections) is new on both or resumed on both, in Sluice's counters,
     * Sluice's log and stunnel's log.
     */
    private void assertAgree(Path stunnelLog, String stunnelVerb, String sluiceVerb) throws Exception {
        String stunnelNew = "TLS " + stunnelVerb + ": new session negotiated";
        String stunnelReused = "TLS " + stunnelVerb + ": previous session reused";
        Interop.await("stunnel and Sluice logged the same number of handshakes, at least " + CONNECTIONS + ": " + observer,
                () -> {
                    String text = Interop.read(stunnelLog);
                    long both = count(text, stunnelNew) + count(text, stunnelReused);
                    return both >= CONNECTIONS && both == observer.newSessions.get() + observer.resumedSessions.get();
                }, WAIT);
        String stunnel = Interop.read(stunnelLog);
        assertEquals("new: stunnel's log and Sluice's counter; log:\n" + stunnel, count(stunnel, stunnelNew),
                observer.newSessions.get());
        assertEquals("reused: stunnel's log and Sluice's counter; log:\n" + stunnel, count(stunnel, stunnelReused),
                observer.resumedSessions.get());
        assertEquals("Sluice's log: new", observer.newSessions.get(),
                log.lines("TLS " + sluiceVerb + ": new session negotiated").size());
        assertEquals("Sluice's log: reused", observer.resumedSessions.get(),
                log.lines("TLS " + sluiceVerb + ": previous session reused").size());
        assertEquals("Sluice's log: every session TLS 1.3", observer.newSessions.get() + observer.resumedSessions.get(),
                log.lines("TLSv1.3 ciphersuite: ").size());
        if (resumesTls13()) {
            // At least the test's second and third connections; the probe's session may or may not
            // have carried a ticket back before the first one started.
            assertTrue("resumed: " + observer, observer.resumedSessions.get() >= CONNECTIONS - 1);
        } else {
            assertEquals("none resumed", 0, observer.resumedSessions.get());
        }
    }

    @Test(timeout = 90_000)
    public void sluiceClientToStunnelServer() throws Exception {
        Identity identity = interop.identity("stunnel");
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-server", stunnelPort, """
                [server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(stunnelPort, echo.port(), identity.cert(), identity.key()));
        Listener sluice = interop.sluiceClient(List.of(identity.certificate()), "localhost", stunnelPort, observer,
                true, List.of());
        for (int i = 0; i < CONNECTIONS; i++) {
            assertEquals("line " + i, "line " + i, Interop.exchangeLine(sluice.boundAddress().getPort(), "line " + i));
        }
        assertAgree(interop.dir().resolve("stunnel-server.stunnel.log"), "accepted", "connected");
    }

    @Test(timeout = 90_000)
    public void stunnelClientToSluiceServer() throws Exception {
        Identity identity = interop.identity("sluice");
        Listener sluice = interop.sluiceServer(identity, echo.port(), observer, true, List.of());
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-client", stunnelPort, """
                [client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                CAfile = %s
                verifyChain = yes
                checkHost = localhost
                """.formatted(stunnelPort, sluice.boundAddress().getPort(), identity.cert()));
        for (int i = 0; i < CONNECTIONS; i++) {
            assertEquals("line " + i, "line " + i, Interop.exchangeLine(stunnelPort, "line " + i));
        }
        assertAgree(interop.dir().resolve("stunnel-client.stunnel.log"), "connected", "accepted");
    }
}
