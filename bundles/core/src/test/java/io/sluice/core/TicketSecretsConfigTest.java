package io.sluice.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.HexFormat;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** ticketKeySecret / ticketMacSecret: what a server with tlsProvider = openssl takes, and every refusal's words. */
public class TicketSecretsConfigTest {

    private static final String KEY = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
    private static final String MAC = "ff".repeat(32);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TunnelConfigs configs() {
        return new TunnelConfigs(tmp.getRoot().toPath());
    }

    @Test
    public void serverWithOpenSslTakesBothSecretsColonsOrNot() throws Exception {
        TunnelSettings s = configs().read(configs().config("accept", "8443", "connect", "8080", "tlsProvider", "openssl",
                "ticketKeySecret", KEY, "ticketMacSecret", MAC));
        assertArrayEquals(HexFormat.of().parseHex(KEY.replace(":", "")), s.tls().ticketSecrets().key());
        assertArrayEquals(HexFormat.of().parseHex(MAC), s.tls().ticketSecrets().mac());
    }

    @Test
    public void withoutThemEachContextMakesItsOwnKeys() throws Exception {
        assertNull(configs().read(configs().config("accept", "8443", "connect", "8080")).tls().ticketSecrets());
    }

    @Test
    public void jsseAndBcAreRefusedWithTheirReason() {
        String because = ": needs tlsProvider = openssl (SunJSSE, jsse, makes its own ticket keys and has no API to"
                + " set them; BCJSSE, bc, issues no session tickets)";
        assertEquals("Service [t]: ticketKeySecret = ****" + because, configs().refusal("accept", "8443", "connect",
                "8080", "tlsProvider", "jsse", "ticketKeySecret", KEY, "ticketMacSecret", MAC));
        assertEquals("Service [t]: ticketKeySecret = ****" + because, configs().refusal("accept", "8443", "connect",
                "8080", "tlsProvider", "bc", "ticketKeySecret", KEY, "ticketMacSecret", MAC));
    }

    @Test
    public void withoutTlsProviderTheSecretsBringOpenssl() throws Exception {
        assertEquals("openssl", configs().read(configs().config("accept", "8443", "connect", "8080",
                "ticketKeySecret", KEY, "ticketMacSecret", MAC)).tlsProvider());
    }

    @Test
    public void oneWithoutTheOtherIsRefused() {
        assertEquals("Service [t]: ticketMacSecret = ****: needs ticketKeySecret too: the two secrets go together",
                configs().refusal("accept", "8443", "connect", "8080", "tlsProvider", "openssl", "ticketMacSecret", MAC));
    }

    @Test
    public void aSecretThatIsNot16Or32BytesOfHexIsRefusedWithoutShowingIt() {
        String expected = "Service [t]: ticketKeySecret = ****: expected 16 or 32 bytes as hex digits (colons allowed),"
                + " e.g. the output of openssl rand -hex 32";
        assertEquals(expected, configs().refusal("accept", "8443", "connect", "8080", "tlsProvider", "openssl",
                "ticketKeySecret", "abcdef", "ticketMacSecret", MAC));
        assertEquals(expected, configs().refusal("accept", "8443", "connect", "8080", "tlsProvider", "openssl",
                "ticketKeySecret", "zz".repeat(16), "ticketMacSecret", MAC));
    }

    @Test
    public void aClientIsRefused() {
        assertEquals("Service [t]: ticketKeySecret = ****: only a server issues session tickets (client = no)",
                configs().refusal("accept", "8443", "connect", "localhost:443", "client", "yes", "tlsProvider",
                        "openssl", "ticketKeySecret", KEY, "ticketMacSecret", MAC));
    }
}
