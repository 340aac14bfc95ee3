package io.sluice.protocol.pop3;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.protocol.smtp.ScriptedPeer;
import io.sluice.protocol.text.TestContext;
import java.io.IOException;
import java.util.Map;
import org.junit.Test;

/** Both sides of POP3 STLS with scripted peers: the exchange, and each hostile case refused. */
public class Pop3NegotiatorTest {

    private final Pop3Negotiator negotiator = new Pop3Negotiator();
    private final ScriptedPeer local = new ScriptedPeer();

    private void client(ScriptedPeer server) throws IOException {
        negotiator.negotiate(TestContext.client(server, local, Map.of()));
    }

    @Test
    public void clientPassesTheGreetingOnAndSendsStls() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("+OK Dovecot ready.\r\n").thenSends("+OK Begin TLS negotiation now.\r\n");
        client(server);
        assertEquals("+OK Dovecot ready.\r\n", local.written());
        assertEquals("STLS\r\n", server.written());
        assertTrue(server.allRead());
    }

    @Test
    public void clientRefusesAServerWithoutStls() {
        ScriptedPeer server = new ScriptedPeer().thenSends("+OK ready\r\n").thenSends("-ERR Unknown command\r\n");
        IOException e = assertThrows(IOException.class, () -> client(server));
        assertEquals("pop3: Server does not support TLS: it answered STLS with '-ERR Unknown command'", e.getMessage());
    }

    @Test
    public void clientRefusesAWrongWelcome() {
        ScriptedPeer server = new ScriptedPeer().thenSends("* OK IMAP here\r\n");
        IOException e = assertThrows(IOException.class, () -> client(server));
        assertEquals("pop3: Unknown server welcome: '* OK IMAP here'", e.getMessage());
        assertEquals("nothing reaches the local client", "", local.written());
    }

    @Test
    public void clientRefusesPlaintextInjectedAfterTheGoAhead() {
        ScriptedPeer server = new ScriptedPeer().thenSends("+OK ready\r\n").thenSends("+OK go\r\n+OK injected\r\n");
        IOException e = assertThrows(IOException.class, () -> client(server));
        assertEquals("pop3: plaintext received after the server's +OK to STLS, before TLS (command injection): refused",
                e.getMessage());
    }

    @Test
    public void clientRefusesAnOversizedLineAndAnEarlyClose() {
        ScriptedPeer huge = new ScriptedPeer().thenSends("+OK " + "x".repeat(100_000) + "\r\n");
        IOException e = assertThrows(IOException.class, () -> client(huge));
        assertEquals("pop3: the server sent a line longer than 510 bytes", e.getMessage());
        ScriptedPeer gone = new ScriptedPeer().thenSends("+OK ready\r\n");
        e = assertThrows(IOException.class, () -> client(gone));
        assertEquals("pop3: the server closed the connection during the negotiation", e.getMessage());
    }

    @Test
    public void serverAnswersCapaThenStarts() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends("CAPA\r\n").thenSends("USER alice\r\n").thenSends("STLS\r\n");
        negotiator.negotiate(TestContext.server(client, Map.of()));
        assertEquals("+OK POP3 server ready (Sluice)\r\n+OK capability list follows\r\nSTLS\r\n.\r\n"
                + "-ERR Must issue a STLS command first\r\n+OK Begin TLS negotiation\r\n", client.written());
    }

    @Test
    public void serverRefusesACommandPipelinedAfterStls() {
        ScriptedPeer client = new ScriptedPeer().thenSends("STLS\r\nUSER mallory\r\n");
        IOException e = assertThrows(IOException.class, () -> negotiator.negotiate(TestContext.server(client, Map.of())));
        assertEquals("pop3: plaintext received after STLS, before TLS (command injection): refused", e.getMessage());
        assertTrue(client.written(), client.written().endsWith("-ERR command pipelined after STLS\r\n"));
    }

    @Test
    public void serverGivesUpOnAClientThatNeverAsksForTls() {
        ScriptedPeer client = new ScriptedPeer();
        for (int i = 0; i < 11; i++) {
            client.thenSends("NOOP\r\n");
        }
        IOException e = assertThrows(IOException.class, () -> negotiator.negotiate(TestContext.server(client, Map.of())));
        assertEquals("pop3: Client does not want TLS: no STLS in 10 commands", e.getMessage());
    }

    @Test
    public void theTargetsGreetingIsConsumedAndChecked() throws Exception {
        TestContext context = TestContext.server(new ScriptedPeer(), Map.of());
        ScriptedPeer target = new ScriptedPeer().thenSends("+OK backend\r\n").thenSends("+OK later\r\n");
        negotiator.targetConnected(context.targetConnected(target));
        ScriptedPeer wrong = new ScriptedPeer().thenSends("-ERR go away\r\n");
        IOException e = assertThrows(IOException.class, () -> negotiator.targetConnected(context.targetConnected(wrong)));
        assertEquals("pop3: Unknown server welcome from the target server: '-ERR go away'", e.getMessage());
    }
}
