package io.sluice.protocol.ldap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.sluice.protocol.smtp.ScriptedPeer;
import io.sluice.protocol.text.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/** The StartTLS extended operation against scripted servers: the bytes on the wire, and each refusal. */
public class LdapNegotiatorTest {

    /** slapd's success: messageID 1, ExtendedResponse { success, "", "" , responseName OID }. */
    private static final String SUCCESS = hex("300c02010178070a010004000400");
    private static final String SUCCESS_WITH_NAME = hex("302402010178 1f 0a010004000400 8a16") + StartTls.OID;
    /** protocolError (2) with a diagnostic, as a server without StartTLS answers. */
    private static final String REFUSED = hex("301c02010178170a010204000410") + "unsupported op  ";

    private final LdapNegotiator negotiator = new LdapNegotiator();

    private void client(ScriptedPeer server) throws IOException {
        negotiator.negotiate(TestContext.client(server, new ScriptedPeer(), Map.of()));
    }

    @Test
    public void sendsStunnelsRequestBytesAndStartsOnSuccess() throws Exception {
        ScriptedPeer server = new ScriptedPeer().thenSends(SUCCESS);
        client(server);
        assertEquals(hex("301d02010177188016") + "1.3.6.1.4.1.1466.20037", server.written());
        client(new ScriptedPeer().thenSends(SUCCESS_WITH_NAME));
    }

    @Test
    public void aRefusalNamesTheResultCodeAndTheDiagnostic() {
        IOException e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(REFUSED)));
        assertEquals("ldap: the server refused StartTLS: resultCode 2 (protocolError: the server does not support StartTLS):"
                + " 'unsupported op  '", e.getMessage());
    }

    @Test
    public void hostileAnswersAreRefused() {
        IOException e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(SUCCESS + "\u0016\u0003")));
        assertEquals("ldap: plaintext received after the server's StartTLS response, before TLS (injection): refused",
                e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends("HTTP/1.1 400\r\n")));
        assertEquals("ldap: the server's answer is not an LDAPMessage (it starts 0x48)", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(hex("3084ffffffff"))));
        assertEquals("ldap: the server's answer is 4294967295 bytes long, more than 4096", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(hex("300c020101"))));
        assertEquals("ldap: the server closed the connection during the negotiation", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(hex("3007020101780a0a0100"))));
        assertEquals("ldap: malformed StartTLS response (BER lengths do not add up)", e.getMessage());
        e = assertThrows(IOException.class, () -> client(new ScriptedPeer().thenSends(hex("300c02010278070a010004000400"))));
        assertEquals("ldap: the server's answer is not the StartTLS response (message 2, operation 0x78)", e.getMessage());
    }

    @Test
    public void serverModeIsRefusedInStunnelsWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> negotiator.validate(false, Map.of()));
        assertEquals("protocol = ldap: The configured protocol is not supported in the server mode", e.getMessage());
    }

    private static String hex(String hex) {
        String digits = hex.replace(" ", "");
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
