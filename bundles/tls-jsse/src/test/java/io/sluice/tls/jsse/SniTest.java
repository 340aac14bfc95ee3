package io.sluice.tls.jsse;

import static org.junit.Assert.assertEquals;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.junit.Test;

/** The server name a client sends (stunnel's sni), as the server engine saw it. */
public class SniTest {

    private static List<SNIServerName> requested(Settings client, String connectHost) throws Exception {
        Handshake.Result result = Handshake.run(client.engine(connectHost), Settings.server().engine("127.0.0.1"))
                .assertOk();
        return result.serverSession().getRequestedServerNames();
    }

    @Test
    public void clientSendsConnectHostNameByDefault() throws Exception {
        assertEquals(List.of(new SNIHostName("localhost")), requested(Settings.client(), "localhost"));
    }

    @Test
    public void clientSendsFullyQualifiedConnectHostWithoutTrailingDot() throws Exception {
        // RFC 6066: a host_name carries no trailing dot.
        assertEquals(List.of(new SNIHostName("localhost")), requested(Settings.client(), "localhost."));
    }

    @Test
    public void clientSendsNoServerNameForIpv4ConnectHost() throws Exception {
        assertEquals(List.of(), requested(Settings.client(), "127.0.0.1"));
    }

    @Test
    public void clientSendsNoServerNameForIpv6ConnectHost() throws Exception {
        // ::1 is not in the leaf, so the name check is off here: this is about SNI only.
        assertEquals(List.of(), requested(Settings.client().insecure(), "::1"));
    }

    @Test
    public void clientSendsConfiguredSni() throws Exception {
        Settings client = Settings.client();
        client.sni = "tunnel.example";
        assertEquals(List.of(new SNIHostName("tunnel.example")), requested(client, "localhost"));
    }

    @Test
    public void clientSendsConfiguredSniEvenForIpConnectHost() throws Exception {
        Settings client = Settings.client();
        client.sni = "tunnel.example";
        assertEquals(List.of(new SNIHostName("tunnel.example")), requested(client, "127.0.0.1"));
    }

    @Test
    public void clientSendsNoServerNameWhenSniIsEmpty() throws Exception {
        Settings client = Settings.client();
        client.sni = "";
        assertEquals(List.of(), requested(client, "localhost"));
    }

    @Test
    public void configuredSniDoesNotChangeTheHostNameCheck() throws Exception {
        // The certificate is still checked against the connect host, not against the sent name.
        Settings client = Settings.client();
        client.sni = "other.example";
        Handshake.Result result = Handshake.run(client.engine("localhost"),
                Settings.server().key(TestCerts.OTHER_NAME).engine("127.0.0.1"));
        result.assertClientRejected("does not match localhost");
    }
}
