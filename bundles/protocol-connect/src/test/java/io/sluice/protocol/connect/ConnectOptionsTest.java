package io.sluice.protocol.connect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelKey;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

/** What connect declares and refuses when a tunnel is configured, before any connection. */
public class ConnectOptionsTest {

    private final ConnectNegotiator connect = new ConnectNegotiator();

    @Test
    public void declaresTheKeysItReadsWithTheirModes() {
        Map<String, Set<TunnelKey.Mode>> modes = connect.keys().stream()
                .collect(Collectors.toMap(TunnelKey::name, TunnelKey::modes));
        assertEquals(Map.of("protocolHost", Set.of(TunnelKey.Mode.CLIENT),
                "protocolUsername", Set.of(TunnelKey.Mode.CLIENT),
                "protocolPassword", Set.of(TunnelKey.Mode.CLIENT),
                "protocolAuthentication", Set.of(TunnelKey.Mode.CLIENT),
                "protocolHeader", Set.of(TunnelKey.Mode.CLIENT),
                "protocolAllow", Set.of(TunnelKey.Mode.SERVER)), modes);
    }

    @Test
    public void acceptsWhatAConnectionCanUse() {
        connect.validate(true, Map.of("protocolHost", "imap.example.org:993"));
        connect.validate(true, Map.of("protocolHost", "[2001:db8::1]:993", "protocolUsername", "alice",
                "protocolPassword", "secret", "protocolAuthentication", "BASIC"));
        connect.validate(false, Map.of());
        connect.validate(false, Map.of("protocolAllow", "imap.example.org:993, *.example.com:443"));
    }

    @Test
    public void clientModeNeedsAHostPort() {
        assertRefused(true, Map.of(), "protocolHost = : required in client mode: host:port of the server behind the proxy");
        assertRefused(true, Map.of("protocolHost", "imap.example.org"),
                "protocolHost = imap.example.org: not host:port (IPv6 as [address]:port)");
    }

    @Test
    public void refusesNtlm() {
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolAuthentication", "ntlm"),
                "protocolAuthentication = ntlm: " + ConnectOptions.NTLM_REFUSED);
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolDomain", "CORP"),
                "protocolDomain = CORP: not supported (NTLM proxy authentication: no maintained Java library implements it,"
                        + " Apache HttpClient 5 deprecated its own; only basic)");
    }

    @Test
    public void credentialsGoTogetherAndThePasswordIsNeverShown() {
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolUsername", "alice"),
                "protocolUsername = alice: set protocolPassword too (both or neither)");
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolPassword", "s3cret"),
                "protocolPassword = ****: set protocolUsername too (both or neither)");
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolUsername", "a:b", "protocolPassword", "x"),
                "protocolUsername = a:b: must not contain ':' (RFC 7617)");
    }

    @Test
    public void protocolHeaderLinesAreNameColonValue() {
        connect.validate(true, Map.of("protocolHost", "a:1", "protocolHeader", "X-A: 1, 2\nX-B:"));
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolHeader", "X-A: 1\nno colon here"),
                "protocolHeader = X-A: 1?no colon here: header line 2 'no colon here' is not 'Name: value'"
                        + " (a token name, no control characters)");
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolHeader", "X A: 1"),
                "protocolHeader = X A: 1: header line 1 'X A: 1' is not 'Name: value' (a token name, no control characters)");
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolHeader", "X-A: 1\r\nX-B: 2"),
                "protocolHeader = X-A: 1??X-B: 2: header line 1 holds a CR");
        assertRefused(true, Map.of("protocolHost", "a:1", "protocolHeader", "X-A: 1\n\nGET / HTTP/1.1"),
                "protocolHeader = X-A: 1??GET / HTTP/1.1: header line 2 '' is not 'Name: value'"
                        + " (a token name, no control characters)");
    }

    @Test
    public void serverModeRefusesABadAllowListEntry() {
        assertRefused(false, Map.of("protocolAllow", "a.example:443, b.example"),
                "protocolAllow = a.example:443, b.example: entry b.example is not host:port (IPv6 as [address]:port)");
    }

    private void assertRefused(boolean client, Map<String, String> options, String expected) {
        try {
            connect.validate(client, options);
        } catch (IllegalArgumentException e) {
            assertEquals(expected, e.getMessage());
            return;
        }
        fail("accepted: " + options);
    }
}
