package io.sluice.protocol.smtp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.Test;

/** Sluice as the SMTP client of a scripted remote server, with a local client looking on. */
public class SmtpClientModeTest {

    private static final String GREETING = "220-mx.example ESMTP Postfix\r\n220 mx.example welcome\r\n";
    private static final String EHLO_REPLY = "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-starttls\r\n250 8BITMIME\r\n";

    private final SmtpNegotiator negotiator = new SmtpNegotiator();
    private final ScriptedPeer local = new ScriptedPeer();

    private void run(ScriptedPeer server, Map<String, String> options) throws IOException {
        negotiator.negotiate(TestContext.client(server, local, options));
    }

    private IOException refused(ScriptedPeer server) {
        return assertThrows(IOException.class, () -> run(server, Map.of()));
    }

    @Test
    public void multiLineGreetingReachesTheLocalClientThenEhloAndStartTls() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends(GREETING).thenSends(EHLO_REPLY)
                .thenSends("220 2.0.0 Ready to start TLS\r\n");

        run(server, Map.of());

        assertEquals("greeting passed on unchanged", GREETING, local.written());
        assertEquals("EHLO localhost\r\nSTARTTLS\r\n", server.written());
        assertTrue(server.allRead());
    }

    @Test
    public void protocolHostIsTheEhloName() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("220 mx\r\n").thenSends("250-mx\r\n250 STARTTLS\r\n")
                .thenSends("220 go\r\n");

        run(server, Map.of("protocolHost", "relay.example.net"));

        assertEquals("EHLO relay.example.net\r\nSTARTTLS\r\n", server.written());
    }

    @Test
    public void serverWithoutStartTlsIsRefused() {
        ScriptedPeer server = new ScriptedPeer().thenSends(GREETING).thenSends("250-mx.example\r\n250 8BITMIME\r\n");

        IOException e = refused(server);

        assertEquals("smtp: the server does not offer STARTTLS; its EHLO reply lists [8BITMIME]", e.getMessage());
        assertEquals("no STARTTLS sent", "EHLO localhost\r\n", server.written());
    }

    @Test
    public void startTlsInTheGreetingTextIsNotAnOffer() {
        ScriptedPeer server = new ScriptedPeer().thenSends(GREETING).thenSends("250 mx.example STARTTLS\r\n");

        IOException e = refused(server);

        assertEquals("smtp: the server does not offer STARTTLS; its EHLO reply lists []", e.getMessage());
    }

    @Test
    public void refusingGreetingIsPassedOnAndFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("554 5.3.2 mx.example no service\r\n");

        IOException e = refused(server);

        assertEquals("smtp: expected 220 as the greeting, the server answered '554 5.3.2 mx.example no service'",
                e.getMessage());
        assertEquals("554 5.3.2 mx.example no service\r\n", local.written());
        assertEquals("", server.written());
    }

    @Test
    public void ehloRefusedFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("220 mx\r\n").thenSends("550 5.7.1 go away\r\n");

        IOException e = refused(server);

        assertEquals("smtp: expected 250 to EHLO, the server answered '550 5.7.1 go away'", e.getMessage());
    }

    @Test
    public void startTlsRefusedFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("220 mx\r\n").thenSends("250-mx\r\n250 STARTTLS\r\n")
                .thenSends("454 4.7.0 TLS not available due to local problem\r\n");

        IOException e = refused(server);

        assertEquals("smtp: expected 220 to STARTTLS, the server answered '454 4.7.0 TLS not available due to local problem'",
                e.getMessage());
    }

    @Test
    public void plaintextAfterTheGoAheadIsRefused() {
        // Injected by a man in the middle, it would otherwise pass for the first bytes from the TLS server.
        ScriptedPeer server = new ScriptedPeer().thenSends("220 mx\r\n").thenSends("250-mx\r\n250 STARTTLS\r\n")
                .thenSends("220 go\r\n250 injected\r\n");

        IOException e = refused(server);

        assertEquals("smtp: the server sent more after its 220 reply to STARTTLS, before TLS: refused", e.getMessage());
    }

    @Test
    public void malformedReplyFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("HTTP/1.1 400 Bad Request\r\n");

        IOException e = refused(server);

        assertEquals("smtp: malformed reply line from the server: 'HTTP/1.1 400 Bad Request'", e.getMessage());
        assertEquals("nothing passed on", "", local.written());
    }

    @Test
    public void codeChangingWithinAMultiLineReplyFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("220-mx\r\n250 ok\r\n");

        IOException e = refused(server);

        assertEquals("smtp: reply code changes within a multi-line reply: '250 ok'", e.getMessage());
    }

    @Test
    public void endlessMultiLineReplyStopsAtTheLimit() {
        ScriptedPeer server = new ScriptedPeer().thenSends("220 mx\r\n").thenSends("250-x\r\n".repeat(1000));

        IOException e = refused(server);

        assertEquals("smtp: a multi-line reply from the server goes on beyond 100 lines", e.getMessage());
        assertEquals("lines left unread", (1000 - Reply.MAX_LINES) * 7, server.unread().length());
    }

    @Test
    public void oneMegabyteReplyLineFails() {
        ScriptedPeer server = new ScriptedPeer().thenSends("220 " + "x".repeat(1 << 20) + "\r\n");

        IOException e = refused(server);

        assertEquals("line longer than 998 bytes", e.getMessage());
        assertEquals("nothing passed on", "", local.written());
    }

    @Test
    public void slowServerTimesOut() {
        ScriptedPeer server = new ScriptedPeer().thenSends(GREETING).thenStalls();

        assertThrows(SocketTimeoutException.class, () -> run(server, Map.of()));
        assertEquals(GREETING, local.written());
    }

    @Test
    public void controlCharactersInRepliesDoNotReachTheLog() {
        ScriptedPeer server = new ScriptedPeer().thenSends("421 bye\u001b[2J\rfake log line\r\n");

        IOException e = refused(server);

        assertEquals("smtp: expected 220 as the greeting, the server answered '421 bye?[2J?fake log line'", e.getMessage());
    }

    private static final Map<String, String> ALICE = Map.of("protocolUsername", "alice", "protocolPassword", "s3cret",
            "protocolHost", "relay.example");

    /** stunnel's late phase, inside TLS: EHLO, then AUTH PLAIN with base64("\0alice\0s3cret"). */
    @Test
    public void authPlainInsideTls() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("250-mx\r\n250 AUTH PLAIN LOGIN\r\n")
                .thenSends("235 2.7.0 Authentication successful\r\n");
        negotiator.afterClientHandshake(TestContext.client(server, local, ALICE));
        assertEquals("EHLO relay.example\r\nAUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n", server.written());
        assertTrue(server.allRead());
        assertEquals("the local client sees none of it", "", local.written());
    }

    @Test
    public void authLoginInsideTls() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("250 mx\r\n").thenSends("334 VXNlcm5hbWU6\r\n")
                .thenSends("334 UGFzc3dvcmQ6\r\n").thenSends("235 ok\r\n");
        Map<String, String> options = new java.util.HashMap<>(ALICE);
        options.put("protocolAuthentication", "login");
        negotiator.afterClientHandshake(TestContext.client(server, local, options));
        assertEquals("EHLO relay.example\r\nAUTH LOGIN\r\nYWxpY2U=\r\nczNjcmV0\r\n", server.written());
    }

    @Test
    public void rejectedCredentialsCloseTheConnectionWithTheServersWords() {
        ScriptedPeer server = new ScriptedPeer().thenSends("250 mx\r\n").thenSends("535 5.7.8 Authentication credentials invalid\r\n");
        IOException e = assertThrows(IOException.class,
                () -> negotiator.afterClientHandshake(TestContext.client(server, local, ALICE)));
        assertEquals("smtp: expected 235 to AUTH PLAIN, the server answered '535 5.7.8 Authentication credentials invalid'",
                e.getMessage());
        assertTrue("never the password in the message", !e.getMessage().contains("s3cret"));
    }

    @Test
    public void withoutCredentialsNothingIsSentInsideTls() throws Exception {
        ScriptedPeer server = new ScriptedPeer();
        negotiator.afterClientHandshake(TestContext.client(server, local, Map.of()));
        assertEquals("", server.written());
    }
}
