package io.sluice.protocol.nntp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.sluice.protocol.smtp.ScriptedPeer;
import io.sluice.protocol.text.TestContext;
import java.io.IOException;
import java.util.Map;
import org.junit.Test;

/** NNTP STARTTLS, client mode, with a scripted server; server mode refused at configuration. */
public class NntpNegotiatorTest {

    private final NntpNegotiator negotiator = new NntpNegotiator();
    private final ScriptedPeer local = new ScriptedPeer();

    private void client(ScriptedPeer server) throws IOException {
        negotiator.negotiate(TestContext.client(server, local, Map.of()));
    }

    @Test
    public void greetingPassedOnThenStartTls() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("200 news.example ready\r\n").thenSends("382 Continue with TLS\r\n");
        client(server);
        assertEquals("200 news.example ready\r\n", local.written());
        assertEquals("STARTTLS\r\n", server.written());
    }

    @Test
    public void hostileServersAreRefused() {
        IOException e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("400 go away\r\n")));
        assertEquals("nntp: Unknown server welcome: '400 go away'", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("201 ro\r\n").thenSends("580 no\r\n")));
        assertEquals("nntp: Server does not support TLS: it answered STARTTLS with '580 no'", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("201 ro\r\n").thenSends("382 go\r\n200 x\r\n")));
        assertEquals("nntp: plaintext received after the server's 382 to STARTTLS, before TLS (command injection): refused",
                e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("200 " + "y".repeat(600))));
        assertEquals("nntp: the server sent a line longer than 510 bytes", e.getMessage());
    }

    @Test
    public void serverModeIsRefusedInStunnelsWords() {
        negotiator.validate(true, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> negotiator.validate(false, Map.of()));
        assertEquals("protocol = nntp: The configured protocol is not supported in the server mode", e.getMessage());
    }
}
