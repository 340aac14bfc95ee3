package io.sluice.protocol.connect;

import io.sluice.protocol.smtp.ScriptedPeer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.Test;

/** Sluice as an HTTP CONNECT proxy inside TLS, facing a scripted client. */
public class ConnectServerModeTest {

    private static final Map<String, String> ALLOW = Map.of("protocolAllow",
            "mail.example.org:993, *.example.com:443, [2001:db8::1]:22");
    private static final String FORBIDDEN = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private final ConnectNegotiator negotiator = new ConnectNegotiator();
    private TestContext context;

    /** Both server-mode steps: the request after the handshake, the answer once the target is connected. */
    private void run(ScriptedPeer client, Map<String, String> options) throws IOException {
        context = TestContext.server(client, options);
        negotiator.negotiate(context);
        assertEquals("nothing happens before TLS", "", client.written());
        negotiator.afterHandshake(context);
        negotiator.targetConnected(context);
    }

    private IOException refused(ScriptedPeer client, Map<String, String> options) {
        IOException e = assertThrows(IOException.class, () -> run(client, options));
        assertNull("no target connected", context.chosenTarget());
        return e;
    }

    @Test
    public void allowedTargetIsConnectedThenAnswered() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\n"
                + "Host: mail.example.org:993\r\nUser-Agent: curl/7.88.1\r\nProxy-Connection: Keep-Alive\r\n\r\n");

        run(client, ALLOW);

        assertEquals("mail.example.org:993", context.chosenTarget());
        assertEquals("HTTP/1.1 200 Connection established\r\n\r\n", client.written());
        assertTrue(client.allRead());
    }

    @Test
    public void wildcardMatchesNamesBelowTheDomainOnly() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT WWW.Example.COM:443 HTTP/1.0\r\n\r\n");
        run(client, ALLOW);
        assertEquals("WWW.Example.COM:443", context.chosenTarget());

        for (String target : new String[] {"example.com:443", "www.example.com:80", "www.example.com.evil:443",
                "wwwexample.com:443", "mail.example.org:994", "[2001:db8::2]:22"}) {
            ScriptedPeer other = new ScriptedPeer().thenSends("CONNECT " + target + " HTTP/1.1\r\n\r\n");
            IOException e = refused(other, ALLOW);
            assertTrue(e.getMessage(), e.getMessage().startsWith("connect: refused with 403: CONNECT "));
            assertEquals(FORBIDDEN, other.written());
        }
    }

    @Test
    public void ipv6Target() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT [2001:db8::1]:22 HTTP/1.1\r\n\r\n");

        run(client, ALLOW);

        assertEquals("2001:db8::1:22", context.chosenTarget());
    }

    @Test
    public void noAllowListRefusesEverything() {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\n\r\n");

        IOException e = refused(client, Map.of());

        assertEquals("connect: refused with 403: CONNECT mail.example.org:993 is not in protocolAllow"
                + " (empty: nothing is allowed)", e.getMessage());
        assertEquals(FORBIDDEN, client.written());
    }

    @Test
    public void otherMethodsAreRefused() {
        ScriptedPeer client = new ScriptedPeer().thenSends("GET http://mail.example.org/ HTTP/1.1\r\nHost: x\r\n\r\n");

        IOException e = refused(client, ALLOW);

        assertEquals("connect: refused with 405: method GET (only CONNECT)", e.getMessage());
        assertTrue(client.written().startsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
    }

    @Test
    public void malformedRequests() {
        for (String line : new String[] {"CONNECT mail.example.org:993", "CONNECT mail.example.org:993 HTTP/2",
                "\u0016\u0003\u0001", "CONNECT  mail.example.org:993 HTTP/1.1"}) {
            ScriptedPeer client = new ScriptedPeer().thenSends(line + "\r\n\r\n");
            IOException e = refused(client, ALLOW);
            assertTrue(e.getMessage(), e.getMessage().startsWith("connect: refused with 400: not an HTTP/1.x request line"));
            assertTrue(client.written().startsWith("HTTP/1.1 400 Bad Request\r\n"));
        }
        for (String target : new String[] {"mail.example.org", "user@mail.example.org:993", "http://mail.example.org:993",
                "mail.example.org:0"}) {
            ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT " + target + " HTTP/1.1\r\n\r\n");
            IOException e = refused(client, ALLOW);
            assertTrue(e.getMessage(), e.getMessage().startsWith("connect: refused with 400: connect: the request target = "));
        }
    }

    @Test
    public void oneMegabyteRequestLineOrHeader() {
        ScriptedPeer line = new ScriptedPeer().thenSends("CONNECT " + "a".repeat(1024 * 1024) + ":443 HTTP/1.1\r\n\r\n");
        assertEquals("line longer than 8192 bytes", refused(line, ALLOW).getMessage());

        ScriptedPeer header = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\nX: "
                + "a".repeat(1024 * 1024) + "\r\n\r\n");
        assertEquals("line longer than 8192 bytes", refused(header, ALLOW).getMessage());
    }

    @Test
    public void slowClientTimesOut() {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\nHost: m").thenStalls();

        assertThrows(SocketTimeoutException.class, () -> run(client, ALLOW));
        assertNull(context.chosenTarget());
    }

    @Test
    public void dataAfterTheRequestIsLeftForTheTarget() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\n\r\n\u0016\u0003\u0001");

        run(client, ALLOW);

        assertEquals("relayed to the target by the transport", "\u0016\u0003\u0001", client.unread());
    }

    @Test
    public void badAllowListEntryRefusesWithItsName() {
        ScriptedPeer client = new ScriptedPeer().thenSends("CONNECT mail.example.org:993 HTTP/1.1\r\n\r\n");

        IOException e = refused(client, Map.of("protocolAllow", "mail.example.org:993, *:443"));

        assertEquals("connect: protocolAllow = *:443 is not host:port (IPv6 as [address]:port)", e.getMessage());
        assertEquals("nothing read or answered", "", client.written());
    }
}
