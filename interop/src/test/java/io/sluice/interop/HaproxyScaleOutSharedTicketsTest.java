package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TicketSecrets;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.ProxyInput;
import io.sluice.api.transport.Target;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.openssl.OpenSslTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The README's scale-out recipe: two Sluice nodes (tunnels node-a and node-b, a TLS context each)
 * with the same ticketKeySecret / ticketMacSecret behind HAProxy (mode tcp, balance roundrobin,
 * send-proxy-v2 to tunnels that take PROXY input from it). openssl s_client's second connection
 * lands on the other node and resumes the session the first node issued.
 */
public class HaproxyScaleOutSharedTicketsTest {

    @Rule
    public final Interop interop = new Interop(new OpenSslTlsProvider());

    @Rule
    public final LogCapture logs = new LogCapture();

    private Identity identity;
    private EchoServer echo;

    @Before
    public void setUp() throws Exception {
        identity = interop.identity("sluice");
        echo = interop.echoServer();
    }

    private Listener node(String name) throws Exception {
        TicketSecrets secrets = new TicketSecrets(HexFormat.of().parseHex("a1".repeat(32)),
                HexFormat.of().parseHex("b2".repeat(32)));
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).ticketSecrets(secrets).build();
        return interop.tunnel(interop.spec(name, false, new Target("127.0.0.1",
                new InetSocketAddress("127.0.0.1", echo.port())), settings, new CountingObserver())
                .proxyInput(new ProxyInput(List.of(new ProxyInput.Network(InetAddress.getByName("127.0.0.1"), 32))))
                .build());
    }

    private void assertResumedOnTheOtherNode(String version) throws Exception {
        Listener a = node("node-a");
        Listener b = node("node-b");
        int port = Interop.freePort();
        interop.haproxy("haproxy", port, "frontend fe\n"
                + "    mode tcp\n"
                + "    bind 127.0.0.1:" + port + "\n"
                + "    default_backend sluice\n"
                + "backend sluice\n"
                + "    mode tcp\n"
                + "    balance roundrobin\n"
                + "    server node-a 127.0.0.1:" + a.boundAddress().getPort() + " send-proxy-v2\n"
                + "    server node-b 127.0.0.1:" + b.boundAddress().getPort() + " send-proxy-v2\n");
        Path session = interop.dir().resolve("session.pem");
        String v = version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";

        String first = OpenSslClientResumesSluiceServerTest.sClient(interop, identity, port, "first", version,
                "-sess_out", session.toString());
        String second = OpenSslClientResumesSluiceServerTest.sClient(interop, identity, port, "second", version,
                "-sess_in", session.toString());

        assertTrue("first: s_client says New; stdout:\n" + first, first.contains("New, " + v));
        assertTrue("second: s_client says Reused; stdout:\n" + second, second.contains("Reused, " + v));
        List<String> issued = logs.lines(" TLS accepted: new session negotiated");
        List<String> resumed = logs.lines(" TLS accepted: previous session reused");
        assertEquals(issued.toString(), 1, issued.size());
        assertEquals(resumed.toString(), 1, resumed.size());
        assertNotEquals("the two connections reached different nodes: " + issued + " " + resumed,
                serviceOf(issued.get(0)), serviceOf(resumed.get(0)));
    }

    /** "node-a" or "node-b", from a line "... Service [node-a] #3 TLS accepted: ...". */
    private static String serviceOf(String line) {
        int start = line.indexOf("Service [") + "Service [".length();
        return line.substring(start, line.indexOf(']', start));
    }

    @Test(timeout = 60_000)
    public void tls12SessionResumesOnTheOtherNode() throws Exception {
        assertResumedOnTheOtherNode("-tls1_2");
    }

    @Test(timeout = 60_000)
    public void tls13SessionResumesOnTheOtherNode() throws Exception {
        assertResumedOnTheOtherNode("-tls1_3");
    }
}
