package io.sluice.tls.jsse.contract;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

/** ALPN (Sluice's alpn key): the client offers its list, the server picks by its own preference. */
public abstract class AlpnContract extends ProviderContract {

    protected AlpnContract(ProviderUnderTest under) {
        super(under);
    }

    private Handshake.Result run(List<String> clientOffers, List<String> serverAccepts) throws Exception {
        Settings client = client();
        client.alpn = clientOffers;
        Settings server = server();
        server.alpn = serverAccepts;
        return Handshake.run(client.engine("localhost"), server.engine("127.0.0.1"));
    }

    @Test
    public void serverPicksByItsOwnPreference() throws Exception {
        Handshake.Result result = run(List.of("http/1.1", "h2"), List.of("h2", "http/1.1")).assertOk();
        assertEquals("server", "h2", result.server().getApplicationProtocol());
        assertEquals("client", "h2", result.client().getApplicationProtocol());
    }

    @Test
    public void serverPicksTheOnlyCommonProtocol() throws Exception {
        Handshake.Result result = run(List.of("h2", "http/1.1"), List.of("imap", "http/1.1")).assertOk();
        assertEquals("client", "http/1.1", result.client().getApplicationProtocol());
    }

    @Test
    public void noAlpnWhenTheClientOffersNone() throws Exception {
        Handshake.Result result = run(List.of(), List.of("h2")).assertOk();
        assertEquals("server", under.noApplicationProtocol(), result.server().getApplicationProtocol());
    }

    @Test
    public void noAlpnWhenTheServerHasNoList() throws Exception {
        Handshake.Result result = run(List.of("h2"), List.of()).assertOk();
        assertEquals("client", under.noApplicationProtocol(), result.client().getApplicationProtocol());
    }

    @Test
    public void noCommonProtocolIsRefused() throws Exception {
        Handshake.Result result = run(List.of("h2"), List.of("imap"));
        if (!under.refusesUnmatchedAlpn()) {
            // Documented (bundles/tls-openssl/README.md): the connection goes on with no protocol agreed.
            result.assertOk();
            assertEquals("server", under.noApplicationProtocol(), result.server().getApplicationProtocol());
            return;
        }
        result.assertServerRejected(under.noCommonAlpnReason());
    }
}
