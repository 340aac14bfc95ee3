package io.sluice.protocol.connect;

import io.sluice.protocol.smtp.ScriptedPeer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** Sluice as the CONNECT client of a scripted HTTP proxy. */
public class ConnectClientModeTest {

    private static final Map<String, String> TARGET = Map.of("protocolHost", "mail.example.org:993");
    private static final String REQUEST = "CONNECT mail.example.org:993 HTTP/1.1\r\nHost: mail.example.org:993\r\n\r\n";

    private final ConnectNegotiator negotiator = new ConnectNegotiator();
    private final ScriptedPeer local = new ScriptedPeer();
    private TestContext context;

    private void run(ScriptedPeer proxy, Map<String, String> options) throws IOException {
        context = TestContext.client(proxy, local, options);
        negotiator.negotiate(context);
    }

    private IOException refused(ScriptedPeer proxy, Map<String, String> options) {
        return assertThrows(IOException.class, () -> run(proxy, options));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> options = new HashMap<>(TARGET);
        options.put(key, value);
        return options;
    }

    @Test
    public void connectRequestThenTlsToTheRealServer() throws Exception {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 Connection established\r\n"
                + "Via: 1.1 tinyproxy (tinyproxy/1.11.1)\r\nProxy-agent: test\r\n\r\n");

        run(proxy, TARGET);

        assertEquals(REQUEST, proxy.written());
        assertTrue("the whole head consumed", proxy.allRead());
        assertEquals("TLS verifies and sends SNI for protocolHost, not the proxy", "mail.example.org:993",
                context.namedTlsPeer());
        assertEquals("the local client sees nothing of the proxy", "", local.written());
    }

    @Test
    public void http10AndAny2xxAreAccepted() throws Exception {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.0 200\r\n\r\n");
        run(proxy, TARGET);
        assertTrue(proxy.allRead());

        ScriptedPeer other = new ScriptedPeer().thenSends("HTTP/1.1 204 No Content\n\n");
        run(other, TARGET);
        assertTrue("bare LF line ends too", other.allRead());
    }

    @Test
    public void headSplitAcrossReads() throws Exception {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 2").thenSends("00 OK\r\nVia: 1.1 ti")
                .thenSends("nyproxy\r\n\r").thenSends("\n");

        run(proxy, TARGET);

        assertTrue(proxy.allRead());
    }

    @Test
    public void basicProxyAuthorization() throws Exception {
        Map<String, String> options = with("protocolUsername", "Aladdin");
        options.put("protocolPassword", "open sesame");
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n\r\n");

        run(proxy, options);

        assertEquals("CONNECT mail.example.org:993 HTTP/1.1\r\nHost: mail.example.org:993\r\n"
                + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n", proxy.written());
    }

    @Test
    public void protocolHeaderLinesComeLastInOrder() throws Exception {
        Map<String, String> options = with("protocolUsername", "Aladdin");
        options.put("protocolPassword", "open sesame");
        options.put("protocolHeader", "User-Agent: sluice/1, compatible\nX-Empty:\n  X-Trimmed:\tvalue  ");
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n\r\n");

        run(proxy, options);

        assertEquals("CONNECT mail.example.org:993 HTTP/1.1\r\nHost: mail.example.org:993\r\n"
                + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
                + "User-Agent: sluice/1, compatible\r\nX-Empty:\r\nX-Trimmed:\tvalue\r\n\r\n", proxy.written());
    }

    @Test
    public void refusalStatusIsTheReason() {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 403 Access violation\r\n\r\n");

        IOException e = refused(proxy, TARGET);

        assertEquals("connect: the proxy refused CONNECT mail.example.org:993: 'HTTP/1.1 403 Access violation'",
                e.getMessage());
        assertEquals("", local.written());
    }

    @Test
    public void proxyAuthenticationRequiredSaysWhatToSet() {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"tinyproxy\"\r\n\r\n");

        IOException e = refused(proxy, TARGET);

        assertEquals("connect: the proxy refused CONNECT mail.example.org:993: 'HTTP/1.1 407 Proxy Authentication"
                + " Required' (it wants credentials: set protocolUsername and protocolPassword)", e.getMessage());
    }

    @Test
    public void rejectedCredentials() {
        Map<String, String> options = with("protocolUsername", "u");
        options.put("protocolPassword", "wrong");
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.0 407 Unauthorized\r\n\r\n");

        IOException e = refused(proxy, options);

        assertTrue(e.getMessage(), e.getMessage().endsWith("(protocolUsername/protocolPassword were rejected)"));
    }

    @Test
    public void malformedStatusLines() {
        for (String line : new String[] {"SSH-2.0-OpenSSH_9.2", "HTTP/2 200", "HTTP/1.1 20", "HTTP/1.1 200OK",
                "\u0016\u0003\u0001 hello", ""}) {
            ScriptedPeer proxy = new ScriptedPeer().thenSends(line + "\r\n\r\n");

            IOException e = refused(proxy, TARGET);

            assertTrue(e.getMessage(), e.getMessage().startsWith("connect: the proxy's reply is not an HTTP/1.x status line: '"));
            assertTrue("control characters not logged: " + e.getMessage(), e.getMessage().chars().allMatch(c -> c >= 0x20));
        }
    }

    @Test
    public void oneMegabyteHeaderLineFailsWithoutBufferingIt() {
        String huge = "X-Junk: " + "a".repeat(1024 * 1024) + "\r\n\r\n";
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n" + huge);

        IOException e = refused(proxy, TARGET);

        assertEquals("line longer than 8192 bytes", e.getMessage());
        assertTrue("reading stopped at the limit", proxy.unread().length() > 1024 * 1024 - HttpLines.MAX_LINE);
    }

    @Test
    public void oneMegabyteStatusLine() {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 " + "a".repeat(1024 * 1024) + "\r\n\r\n");

        IOException e = refused(proxy, TARGET);

        assertEquals("line longer than 8192 bytes", e.getMessage());
    }

    @Test
    public void endlessHeaders() {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(101) + "\r\n");

        IOException e = refused(proxy, TARGET);

        assertEquals("connect: the proxy sent more than 100 header lines", e.getMessage());
    }

    @Test
    public void slowProxyTimesOut() {
        ScriptedPeer silent = new ScriptedPeer().thenStalls();
        assertThrows(SocketTimeoutException.class, () -> run(silent, TARGET));
        assertEquals("the request went out", REQUEST, silent.written());

        ScriptedPeer stallsInHead = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\nVia: x\r\n").thenStalls();
        assertThrows(SocketTimeoutException.class, () -> run(stallsInHead, TARGET));
    }

    @Test
    public void proxyClosesTheConnection() {
        assertThrows(EOFException.class, () -> run(new ScriptedPeer(), TARGET));
        assertThrows(EOFException.class, () -> run(new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n"), TARGET));
    }

    @Test
    public void dataAfterTheHeadIsRefused() {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");

        IOException e = refused(proxy, TARGET);

        assertEquals("connect: the proxy sent data after its 200 reply, before TLS: refused", e.getMessage());
    }

    @Test
    public void protocolHostIsRequiredAndChecked() {
        ScriptedPeer proxy = new ScriptedPeer();
        assertEquals("connect: client mode needs protocolHost = host:port of the server behind the proxy",
                refused(proxy, Map.of()).getMessage());
        for (String bad : new String[] {"mail.example.org", "mail.example.org:0", "mail.example.org:65536",
                "a b:443", "evil.example:443\r\nX-Injected: 1:443", "::1:443", ":443"}) {
            IOException e = refused(proxy, Map.of("protocolHost", bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("connect: protocolHost = "));
            assertTrue(e.getMessage(), e.getMessage().endsWith(" is not host:port (IPv6 as [address]:port)"));
        }
        assertEquals("nothing sent", "", proxy.written());
        assertNull(context.namedTlsPeer());
    }

    @Test
    public void ipv6Target() throws Exception {
        ScriptedPeer proxy = new ScriptedPeer().thenSends("HTTP/1.1 200 OK\r\n\r\n");

        run(proxy, Map.of("protocolHost", "[2001:db8::1]:8443"));

        assertEquals("CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n", proxy.written());
        assertEquals("2001:db8::1:8443", context.namedTlsPeer());
    }

    @Test
    public void credentialOptionsAreChecked() {
        ScriptedPeer proxy = new ScriptedPeer();
        assertEquals("connect: protocolUsername and protocolPassword go together: set both or neither",
                refused(proxy, with("protocolUsername", "u")).getMessage());
        Map<String, String> colon = with("protocolUsername", "a:b");
        colon.put("protocolPassword", "p");
        assertEquals("connect: protocolUsername must not contain ':' (RFC 7617)", refused(proxy, colon).getMessage());
        assertEquals("connect: protocolAuthentication = ntlm is " + ConnectOptions.NTLM_REFUSED,
                refused(proxy, with("protocolAuthentication", "ntlm")).getMessage());
        assertEquals("connect: protocolDomain is not supported (NTLM proxy authentication: no maintained Java library"
                + " implements it, Apache HttpClient 5 deprecated its own; only basic)",
                refused(proxy, with("protocolDomain", "CORP")).getMessage());
        assertEquals("nothing sent", "", proxy.written());
    }

    @Test
    public void transportThatCannotNameTheTlsPeerIsNotUsed() {
        ScriptedPeer proxy = new ScriptedPeer();
        NegotiationContext old = new NegotiationContext() {
            @Override public String tunnelName() { return "old"; }
            @Override public boolean client() { return true; }
            @Override public Map<String, String> options() { return TARGET; }
            @Override public PlainChannel tlsSide() { return proxy; }
            @Override public PlainChannel plainSide() { return local; }
            @Override public Map<String, Object> attributes() { return new HashMap<>(); }
        };

        assertThrows(UnsupportedOperationException.class, () -> negotiator.negotiate(old));
        assertEquals("no CONNECT without verification of the real server", "", proxy.written());
    }
}
