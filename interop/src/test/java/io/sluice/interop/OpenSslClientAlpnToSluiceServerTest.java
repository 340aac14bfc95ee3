package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** openssl s_client -alpn to a Sluice server-mode tunnel with alpn = h2,http/1.1: Sluice picks by its own order. */
public class OpenSslClientAlpnToSluiceServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Rule
    public final Interop interop = new Interop(provider());

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    private Identity identity;
    private EchoServer echo;
    private final CountingObserver observer = new CountingObserver();
    private Listener sluice;

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        identity = interop.identity("sluice");
        echo = interop.echoServer();
        sluice = interop.sluiceServer(identity, echo.port(), observer, true, List.of("h2", "http/1.1"));
    }

    private Peer sClient(String offer) throws Exception {
        return interop.start("s_client", List.of(openssl, "s_client",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(),
                "-CAfile", identity.cert().toString(), "-verify_return_error", "-servername", "localhost",
                "-alpn", offer, "-no_ign_eof"), true);
    }

    @Test(timeout = 60_000)
    public void sluicePicksItsFirstChoiceAmongTheOffered() throws Exception {
        Peer client = sClient("http/1.1,h2");
        client.writeLine("hello");
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = client.readLine(WAIT)) != null && !line.equals("hello")) {
            out.append(line).append('\n');
        }
        assertEquals("the line came back; stdout:\n" + out, "hello", line);
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue("s_client reports h2; stdout:\n" + out, out.toString().contains("ALPN protocol: h2\n"));

        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        assertEquals(List.of("h2"), observer.applicationProtocols);
        // stunnel's line ends at its phrase; ALPN is on a line of Sluice's own.
        assertEquals(1, log.lines("Service [interop-server] #").stream()
                .filter(l -> l.endsWith(" TLS accepted: new session negotiated")).count());
        assertEquals(1, log.lines("Service [interop-server] #").stream()
                .filter(l -> l.endsWith(" ALPN protocol negotiated: h2")).count());
    }

    @Test(timeout = 60_000)
    public void aClientOfferingNoneOfSluicesProtocolsIsRefused() throws Exception {
        Peer client = sClient("imap");
        client.writeLine("must not arrive");
        client.closeStdin();
        client.readRest(WAIT);
        int exit = client.awaitExit(WAIT);
        String log = client.logText();
        assertNotEquals("s_client exit code; log:\n" + log, 0, exit);
        assertTrue("Sluice answers no_application_protocol; log:\n" + log, log.contains("no application protocol"));
        Interop.await("Sluice counts a failed handshake: " + observer,
                () -> observer.handshakeFailed.get() == 1, WAIT);
        assertEquals("connections to the backend", 0, echo.accepted());
    }
}
