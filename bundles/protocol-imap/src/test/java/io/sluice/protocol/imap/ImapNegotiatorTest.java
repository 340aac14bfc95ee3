package io.sluice.protocol.imap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.protocol.smtp.ScriptedPeer;
import io.sluice.protocol.text.TestContext;
import java.io.IOException;
import java.util.Map;
import org.junit.Test;

/** Both sides of IMAP STARTTLS with scripted peers: the exchange, and each hostile case refused. */
public class ImapNegotiatorTest {

    private final ImapNegotiator negotiator = new ImapNegotiator();
    private final ScriptedPeer local = new ScriptedPeer();

    private void client(ScriptedPeer server) throws IOException {
        negotiator.negotiate(TestContext.client(server, local, Map.of()));
    }

    @Test
    public void clientSkipsUntaggedLinesAndStarts() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n")
                .thenSends("* CAPABILITY IMAP4rev1\r\nsluice OK Begin TLS negotiation now.\r\n");
        client(server);
        assertEquals("* OK Connected.\r\n", local.written());
        assertEquals("sluice STARTTLS\r\n", server.written());
    }

    @Test
    public void clientTellsTheLocalClientWhenTheServerRefuses() {
        ScriptedPeer server = new ScriptedPeer().thenSends("* OK ready\r\n").thenSends("sluice BAD unknown command\r\n");
        IOException e = assertThrows(IOException.class, () -> client(server));
        assertEquals("imap: Server does not support TLS: it answered STARTTLS with 'sluice BAD unknown command'",
                e.getMessage());
        assertEquals("* OK Connected.\r\n* BYE Sluice: Server does not support TLS\r\n", local.written());
    }

    @Test
    public void clientRefusesPlaintextInjectedAfterTheGoAhead() {
        ScriptedPeer server = new ScriptedPeer().thenSends("* OK ready\r\n").thenSends("sluice OK go\r\n* injected\r\n");
        IOException e = assertThrows(IOException.class, () -> client(server));
        assertEquals("imap: plaintext received after the server's OK to STARTTLS, before TLS (command injection): refused",
                e.getMessage());
    }

    @Test
    public void clientRefusesAWrongWelcomeAndAnOversizedLine() {
        IOException e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("* BYE busy\r\n")));
        assertEquals("imap: Unknown server welcome: '* BYE busy'", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("* OK " + "x".repeat(20_000))));
        assertEquals("imap: the server sent a line longer than 8192 bytes", e.getMessage());
    }

    @Test
    public void serverAnswersCapabilityRefusesLoginAndStarts() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("a1 CAPABILITY\r\n").thenSends("a2 LOGIN alice secret\r\n")
                .thenSends("a3 STARTTLS\r\n");
        negotiator.negotiate(TestContext.server(client, Map.of()));
        assertEquals("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] IMAP server ready (Sluice)\r\n"
                + "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK CAPABILITY completed\r\n"
                + "a2 NO [PRIVACYREQUIRED] Run STARTTLS first\r\n"
                + "a3 OK Begin TLS negotiation now\r\n", client.written());
    }

    @Test
    public void serverRefusesACommandPipelinedAfterStartTls() {
        ScriptedPeer client = new ScriptedPeer().thenSends("a1 STARTTLS\r\na2 LOGIN mallory x\r\n");
        IOException e = assertThrows(IOException.class, () -> negotiator.negotiate(TestContext.server(client, Map.of())));
        assertEquals("imap: plaintext received after STARTTLS, before TLS (command injection): refused", e.getMessage());
        assertTrue(client.written(), client.written().endsWith("a1 BAD STARTTLS refused\r\n"));
    }

    @Test
    public void aClientSpeakingTlsFirstGetsImplicitTls() throws Exception {
        ScriptedPeer client = new ScriptedPeer().sentFirst("\u0016\u0003\u0001");
        TestContext context = TestContext.server(client, Map.of());
        negotiator.negotiate(context);
        assertEquals("", client.written());
        assertEquals("the ClientHello stays for TLS", "\u0016\u0003\u0001", client.unread());
        ScriptedPeer target = new ScriptedPeer().thenSends("* OK backend\r\n");
        negotiator.targetConnected(context.targetConnected(target));
        assertEquals("the backend's greeting is left for the client", false, target.allRead());
    }

    @Test
    public void theTargetsGreetingIsConsumedAndChecked() throws Exception {
        TestContext context = TestContext.server(new ScriptedPeer().thenSends("a STARTTLS\r\n"), Map.of());
        negotiator.negotiate(context);
        ScriptedPeer target = new ScriptedPeer().thenSends("* OK Dovecot ready.\r\n");
        negotiator.targetConnected(context.targetConnected(target));
        assertTrue(target.allRead());
        ScriptedPeer busy = new ScriptedPeer().thenSends("* BYE too busy\r\n");
        IOException e = assertThrows(IOException.class, () -> negotiator.targetConnected(context.targetConnected(busy)));
        assertEquals("imap: Unknown server welcome from the target server: '* BYE too busy'", e.getMessage());
    }
}
