package io.sluice.protocol.smtp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.Test;

/** Sluice as the SMTP server before TLS, against scripted mail clients. */
public class SmtpServerModeTest {

    private static final String GREETING = "220 localhost ESMTP Sluice\r\n";
    private static final String EHLO_REPLY = "250-localhost\r\n250 STARTTLS\r\n";
    private static final String GO_AHEAD = "220 2.0.0 Ready to start TLS\r\n";
    /** The first bytes of a TLS 1.2/1.3 ClientHello record. */
    private static final String CLIENT_HELLO = "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003";

    private final SmtpNegotiator negotiator = new SmtpNegotiator();

    private TestContext run(ScriptedPeer client, Map<String, String> options) throws IOException {
        TestContext context = TestContext.server(client, options);
        negotiator.negotiate(context);
        return context;
    }

    private IOException refused(ScriptedPeer client) {
        return assertThrows(IOException.class, () -> run(client, Map.of()));
    }

    @Test
    public void ehloThenStartTlsGetsGreetingCapabilityAndGoAhead() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n").thenSends("STARTTLS\r\n");

        run(client, Map.of());

        assertEquals(GREETING + EHLO_REPLY + GO_AHEAD, client.written());
        assertTrue(client.allRead());
    }

    @Test
    public void protocolHostIsTheDomainSluiceAnnounces() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("ehlo client.example\r\n").thenSends("starttls\r\n");

        run(client, Map.of("protocolHost", "mx.example.org"));

        assertEquals("220 mx.example.org ESMTP Sluice\r\n250-mx.example.org\r\n250 STARTTLS\r\n" + GO_AHEAD,
                client.written());
    }

    @Test
    public void heloAndNoopAreAnsweredAndOtherCommandsNeedStartTlsFirst() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("HELO client.example\r\n").thenSends("NOOP\r\n")
                .thenSends("MAIL FROM:<a@example.com>\r\n").thenSends("EHLO\r\n").thenSends("STARTTLS now\r\n")
                .thenSends("STARTTLS\r\n");

        run(client, Map.of());

        assertEquals(GREETING + "250 localhost\r\n" + "250 2.0.0 Ok\r\n"
                + "530 5.7.0 Must issue a STARTTLS command first\r\n" + "501 5.5.4 Syntax: EHLO hostname\r\n"
                + "501 5.5.4 Syntax: STARTTLS\r\n" + GO_AHEAD, client.written());
    }

    @Test
    public void plaintextPipelinedAfterStartTlsIsRefusedWithoutGoAhead() {
        // CVE-2011-0411: the injected MAIL command must never pass for one sent under TLS.
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n")
                .thenSends("STARTTLS\r\nMAIL FROM:<attacker@example.com>\r\n");

        IOException e = refused(client);

        assertTrue(e.getMessage(), e.getMessage().contains("plaintext after STARTTLS"));
        assertTrue(e.getMessage(), e.getMessage().contains("CVE-2011-0411"));
        assertEquals(GREETING + EHLO_REPLY + "554 5.5.1 Error: command pipelined after STARTTLS\r\n", client.written());
    }

    @Test
    public void clientHelloBeforeTheGreetingIsImplicitTlsAndStaysUnread() throws Exception {
        ScriptedPeer client = new ScriptedPeer().sentFirst(CLIENT_HELLO);

        TestContext context = run(client, Map.of());

        assertEquals("nothing written to an implicit TLS client", "", client.written());
        assertEquals("the ClientHello is left for TLS", CLIENT_HELLO, client.unread());
        // SMTPS: the real server's greeting is the client's first reply, so it is passed on.
        ScriptedPeer target = new ScriptedPeer().thenSends("220 mx.example ESMTP\r\n");
        negotiator.targetConnected(context.targetConnected(target));
        assertFalse("the target's greeting is left for the client", target.allRead());
    }

    @Test
    public void plaintextBeforeTheGreetingIsRefused() {
        ScriptedPeer client = new ScriptedPeer().sentFirst("EHLO eager.example\r\n");

        IOException e = refused(client);

        assertEquals("smtp: the client sent plaintext before the greeting", e.getMessage());
        assertEquals("554 5.5.1 localhost Error: data sent before the greeting\r\n", client.written());
    }

    @Test
    public void quitIsAnsweredAndEndsTheConnection() {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n").thenSends("QUIT\r\n");

        IOException e = refused(client);

        assertEquals("smtp: the client quit before STARTTLS", e.getMessage());
        assertEquals(GREETING + EHLO_REPLY + "221 2.0.0 Bye\r\n", client.written());
    }

    @Test
    public void tooManyCommandsWithoutStartTlsEndTheConnection() {
        ScriptedPeer client = new ScriptedPeer();
        for (int i = 0; i < SmtpServer.MAX_COMMANDS + 5; i++) {
            client.thenSends("NOOP\r\n");
        }

        IOException e = refused(client);

        assertEquals("smtp: no STARTTLS from the client in 10 commands", e.getMessage());
        assertEquals(GREETING + "250 2.0.0 Ok\r\n".repeat(SmtpServer.MAX_COMMANDS)
                + "421 4.7.0 localhost Error: too many commands without STARTTLS\r\n", client.written());
    }

    @Test
    public void oneMegabyteLineFailsAfterTheLineLimit() {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO " + "x".repeat(1 << 20) + "\r\n");

        IOException e = refused(client);

        assertEquals("line longer than 998 bytes", e.getMessage());
        assertEquals("the rest of the line is not read", (1 << 20) + 7 - 999, client.unread().length());
        assertEquals(GREETING, client.written());
    }

    @Test
    public void slowClientTimesOut() {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n").thenStalls();

        assertThrows(SocketTimeoutException.class, () -> run(client, Map.of()));
        assertEquals(GREETING + EHLO_REPLY, client.written());
    }

    @Test
    public void clientClosingBeforeStartTlsFails() {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n");

        assertThrows(EOFException.class, () -> run(client, Map.of()));
    }

    @Test
    public void protocolHostThatIsNotAHostNameIsRefusedBeforeAnythingIsSent() {
        ScriptedPeer client = new ScriptedPeer().thenSends("EHLO client.example\r\n");

        IOException e = assertThrows(IOException.class, () -> run(client, Map.of("protocolHost", "a\r\n250 x")));

        assertEquals("smtp: protocolHost = a??250 x is not a host name", e.getMessage());
        assertEquals("", client.written());
    }

    @Test
    public void targetGreetingIsConsumedAfterStartTls() throws Exception {
        TestContext context = run(new ScriptedPeer().thenSends("EHLO c\r\n").thenSends("STARTTLS\r\n"), Map.of());
        ScriptedPeer target = new ScriptedPeer().thenSends("220-mx.example ESMTP\r\n220 ready\r\n");

        negotiator.targetConnected(context.targetConnected(target));

        assertTrue("the greeting the client already had is consumed", target.allRead());
        assertEquals("nothing is sent to the target", "", target.written());
    }

    @Test
    public void targetThatRefusesServiceFails() throws Exception {
        TestContext context = run(new ScriptedPeer().thenSends("EHLO c\r\n").thenSends("STARTTLS\r\n"), Map.of());
        ScriptedPeer target = new ScriptedPeer().thenSends("554 5.3.2 no service\r\n");

        IOException e = assertThrows(IOException.class, () -> negotiator.targetConnected(context.targetConnected(target)));

        assertEquals("smtp: expected 220 as the greeting of the target server, the server answered '554 5.3.2 no service'",
                e.getMessage());
    }
}
