package io.sluice.tls.jsse.contract;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.Test;

/** The server name a client sends (stunnel's sni), as the server engine saw it. */
public abstract class SniContract extends ProviderContract {

    protected SniContract(ProviderUnderTest under) {
        super(under);
    }

    /**
     * The names the server saw, through an SNIMatcher: BCJSSE's session refuses
     * getRequestedServerNames() once the handshake is over.
     */
    private List<String> requested(Settings client, String connectHost) throws Exception {
        List<String> seen = new ArrayList<>();
        SSLEngine server = server().engine("127.0.0.1");
        SSLParameters params = server.getSSLParameters();
        params.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                seen.add(new SNIHostName(name.getEncoded()).getAsciiName());
                return true;
            }
        }));
        server.setSSLParameters(params);
        Handshake.run(client.engine(connectHost), server).assertOk();
        return seen;
    }

    @Test
    public void clientSendsConnectHostNameByDefault() throws Exception {
        assertEquals(List.of("localhost"), requested(client(), "localhost"));
    }

    @Test
    public void clientSendsFullyQualifiedConnectHostWithoutTrailingDot() throws Exception {
        // RFC 6066: a host_name carries no trailing dot.
        assertEquals(List.of("localhost"), requested(client(), "localhost."));
    }

    @Test
    public void clientSendsNoServerNameForIpv4ConnectHost() throws Exception {
        assertEquals(List.of(), requested(client(), "127.0.0.1"));
    }

    @Test
    public void clientSendsNoServerNameForIpv6ConnectHost() throws Exception {
        // ::1 is not in the leaf, so the name check is off here: this is about SNI only.
        assertEquals(List.of(), requested(client().insecure(), "::1"));
    }

    @Test
    public void clientSendsConfiguredSni() throws Exception {
        Settings client = client();
        client.sni = "tunnel.example";
        assertEquals(List.of("tunnel.example"), requested(client, "localhost"));
    }

    @Test
    public void clientSendsConfiguredSniEvenForIpConnectHost() throws Exception {
        Settings client = client();
        client.sni = "tunnel.example";
        assertEquals(List.of("tunnel.example"), requested(client, "127.0.0.1"));
    }

    @Test
    public void clientSendsNoServerNameWhenSniIsEmpty() throws Exception {
        Settings client = client();
        client.sni = "";
        assertEquals(List.of(), requested(client, "localhost"));
    }

    @Test
    public void configuredSniDoesNotChangeTheHostNameCheck() throws Exception {
        // The certificate is still checked against the connect host, not against the sent name.
        Settings client = client();
        client.sni = "other.example";
        Handshake.Result result = Handshake.run(client.engine("localhost"),
                server().key(TestCerts.OTHER_NAME).engine("127.0.0.1"));
        result.assertClientRejected("does not match localhost");
    }
}
