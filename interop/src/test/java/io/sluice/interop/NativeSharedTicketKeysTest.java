package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TicketSecrets;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.openssl.OpenSslTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * stunnel's ticketKeySecret / ticketMacSecret with tlsProvider = openssl: two server tunnels, each
 * with a TLS context of its own (as two nodes have), take the same ticket secrets; openssl s_client
 * saves its session from the first (-sess_out) and offers it to the second (-sess_in), which
 * resumes it. With other secrets the second makes a new session.
 */
public class NativeSharedTicketKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop(new OpenSslTlsProvider());

    private Identity identity;
    private EchoServer echo;
    private final CountingObserver firstNode = new CountingObserver();
    private final CountingObserver secondNode = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        identity = interop.identity("sluice");
        echo = interop.echoServer();
    }

    private Listener node(String keyHex, String macHex, CountingObserver observer) throws Exception {
        TicketSecrets secrets = new TicketSecrets(HexFormat.of().parseHex(keyHex), HexFormat.of().parseHex(macHex));
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).ticketSecrets(secrets).build();
        return interop.sluiceServer(settings, echo.port(), observer, null, Map.of());
    }

    /** s_client's output of the second connection, to the second node, offering the first node's session. */
    private String secondConnection(String version, String secondKey, String secondMac) throws Exception {
        String key = "00112233445566778899aabbccddeeff";
        String mac = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
        Listener first = node(key, mac, firstNode);
        Listener second = node(secondKey == null ? key : secondKey, secondMac == null ? mac : secondMac, secondNode);
        Path session = interop.dir().resolve("session.pem");
        String out = OpenSslClientResumesSluiceServerTest.sClient(interop, identity, first.boundAddress().getPort(),
                "first", version, "-sess_out", session.toString());
        assertTrue("first: s_client says New; stdout:\n" + out, out.contains("New, " + protocol(version)));
        return OpenSslClientResumesSluiceServerTest.sClient(interop, identity, second.boundAddress().getPort(),
                "second", version, "-sess_in", session.toString());
    }

    private static String protocol(String version) {
        return version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";
    }

    private void assertResumedOnTheOtherNode(String version) throws Exception {
        String second = secondConnection(version, null, null);
        assertTrue("second: s_client says Reused; stdout:\n" + second, second.contains("Reused, " + protocol(version)));
        Interop.await("the second node's connection closed", () -> secondNode.closed.get() == 1, WAIT);
        assertEquals("resumed on the second node", 1, secondNode.resumedSessions.get());
        assertEquals("new on the first node", 1, firstNode.newSessions.get());
    }

    private void assertNewOnTheOtherNode(String version) throws Exception {
        String second = secondConnection(version, "0f".repeat(16), "f0".repeat(32));
        assertTrue("second: s_client says New; stdout:\n" + second, second.contains("New, " + protocol(version)));
        Interop.await("the second node's connection closed", () -> secondNode.closed.get() == 1, WAIT);
        assertEquals("resumed on the second node", 0, secondNode.resumedSessions.get());
    }

    @Test(timeout = 60_000)
    public void tls12TicketOfOneNodeResumesOnTheOther() throws Exception {
        assertResumedOnTheOtherNode("-tls1_2");
    }

    @Test(timeout = 60_000)
    public void tls13TicketOfOneNodeResumesOnTheOther() throws Exception {
        assertResumedOnTheOtherNode("-tls1_3");
    }

    @Test(timeout = 60_000)
    public void tls12TicketDoesNotResumeWhereTheSecretsDiffer() throws Exception {
        assertNewOnTheOtherNode("-tls1_2");
    }

    @Test(timeout = 60_000)
    public void tls13TicketDoesNotResumeWhereTheSecretsDiffer() throws Exception {
        assertNewOnTheOtherNode("-tls1_3");
    }
}
