package io.sluice.protocol.pgsql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.protocol.smtp.ScriptedPeer;
import io.sluice.protocol.text.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/** PostgreSQL's SSLRequest, both sides, with scripted peers. */
public class PgsqlNegotiatorTest {

    private static final String SSL_REQUEST = new String(Startup.SSL_REQUEST, StandardCharsets.ISO_8859_1);
    private static final String GSSENC_REQUEST = new String(Startup.GSSENC_REQUEST, StandardCharsets.ISO_8859_1);

    private final PgsqlNegotiator negotiator = new PgsqlNegotiator();

    private void client(ScriptedPeer server) throws IOException {
        negotiator.negotiate(TestContext.client(server, new ScriptedPeer(), Map.of()));
    }

    private void server(ScriptedPeer client) throws IOException {
        negotiator.negotiate(TestContext.server(client, Map.of()));
    }

    @Test
    public void clientSendsSslRequestAndNeedsS() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends("S");
        client(server);
        assertEquals(SSL_REQUEST, server.written());
        IOException e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("N")));
        assertEquals("pgsql: PostgreSQL server rejected TLS (it answered N: ssl = off)", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("S\u0016\u0003\u0003")));
        assertEquals("pgsql: plaintext received after the server's S, before TLS (injection): refused", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer()));
        assertEquals("pgsql: the server closed the connection during the negotiation", e.getMessage());
    }

    @Test
    public void serverAnswersSslRequestWithS() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends(SSL_REQUEST);
        server(client);
        assertEquals("S", client.written());
    }

    @Test
    public void serverDeclinesGssEncryptionThenTakesTls() throws Exception {
        ScriptedPeer client = new ScriptedPeer().thenSends(GSSENC_REQUEST).thenSends(SSL_REQUEST);
        server(client);
        assertEquals("NS", client.written());
    }

    @Test
    public void serverRefusesAPlaintextStartupWithAnErrorPsqlPrints() {
        ScriptedPeer client = new ScriptedPeer().thenSends("\u0000\u0000\u0000\u0054\u0000\u0003\u0000\u0000user\u0000alice\u0000");
        IOException e = assertThrows(IOException.class, () -> server(client));
        assertEquals("pgsql: the client did not ask for TLS (its first message starts 0000005400030000, not an SSLRequest)",
                e.getMessage());
        String written = client.written();
        assertTrue(written, written.startsWith("E") && written.contains("SFATAL\u0000")
                && written.contains("C08P01\u0000") && written.contains("Mthis server requires TLS: connect with sslmode=require\u0000"));
    }

    @Test
    public void serverRefusesPlaintextBehindTheSslRequest() {
        ScriptedPeer client = new ScriptedPeer().thenSends(SSL_REQUEST + "\u0000\u0000\u0000\u0008");
        IOException e = assertThrows(IOException.class, () -> server(client));
        assertEquals("pgsql: plaintext received after the client's request, before TLS (injection): refused", e.getMessage());
        assertTrue("an error, no S: " + client.written(), client.written().startsWith("E"));
    }

    @Test
    public void errorResponseIsWellFormed() {
        byte[] error = PgsqlServer.error("x");
        int length = ((error[1] & 0xff) << 24) | ((error[2] & 0xff) << 16) | ((error[3] & 0xff) << 8) | (error[4] & 0xff);
        assertEquals(error.length - 1, length);
        assertEquals(0, error[error.length - 1]);
    }
}
