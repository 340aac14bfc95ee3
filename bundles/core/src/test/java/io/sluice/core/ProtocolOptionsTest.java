package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.protocol.connect.ConnectNegotiator;
import io.sluice.protocol.smtp.SmtpNegotiator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** protocol* options checked at configuration time against the real smtp and connect plugins. */
public class ProtocolOptionsTest {

    private final ProtocolNegotiator smtp = new SmtpNegotiator();
    private final ProtocolNegotiator connect = new ConnectNegotiator();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /** As the tunnel refuses it when configured: the tunnel, the file and line, the key and its value. */
    @Test
    public void aTunnelsRefusalNamesTheFileAndLineOfTheKey() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-mail.cfg");
        Files.writeString(file, "accept = 8465\nconnect = 127.0.0.1:25\nprotocol = smtp\nprotocolUsername = alice\n",
                StandardCharsets.UTF_8);
        Map<String, Object> properties = new TunnelConfigs(tmp.getRoot().toPath()).config("accept", "8465",
                "connect", "127.0.0.1:25", "protocol", "smtp", "protocolUsername", "alice");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        TunnelSettings settings = ConfigParser.parse("mail", properties, tmp.getRoot().toPath());
        try {
            ProtocolOptions.check(settings, smtp);
            fail("smtp AUTH is client mode only");
        } catch (ConfigException e) {
            assertEquals("Service [mail]: " + file + ":4: protocolUsername = alice: protocol smtp reads it in client"
                    + " mode only", e.getMessage());
        }
        ProtocolOptions.check(settings, null); // no plugin yet: the tunnel waits, and checks when it comes
    }

    /** A client-only plugin (nntp, ldap) refuses a server tunnel: the error is at the protocol line, in stunnel's words. */
    @Test
    public void aRefusedModeIsReportedAtTheProtocolLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-news.cfg");
        Files.writeString(file, "accept = 8563\nconnect = 127.0.0.1:119\nprotocol = nntp\n", StandardCharsets.UTF_8);
        Map<String, Object> properties = new TunnelConfigs(tmp.getRoot().toPath()).config("accept", "8563",
                "connect", "127.0.0.1:119", "protocol", "nntp");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        TunnelSettings settings = ConfigParser.parse("news", properties, tmp.getRoot().toPath());
        ProtocolNegotiator clientOnly = new ProtocolNegotiator() {
            @Override
            public void negotiate(io.sluice.api.protocol.NegotiationContext context) {
            }

            @Override
            public void validate(boolean client, Map<String, String> options) {
                if (!client) {
                    throw new IllegalArgumentException("protocol = nntp: The configured protocol is not supported in the server mode");
                }
            }
        };
        try {
            ProtocolOptions.check(settings, clientOnly);
            fail("nntp has no server mode");
        } catch (ConfigException e) {
            assertEquals("Service [news]: " + file + ":3: protocol = nntp: The configured protocol is not supported"
                    + " in the server mode", e.getMessage());
        }
    }

    /**
     * A server tunnel without connect takes each target from its protocol (stunnel's socks server);
     * a plugin that names none (smtp) still needs connect, refused as a missing connect.
     */
    @Test
    public void withoutConnectTheProtocolNamesTheTarget() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-proxy.cfg");
        Files.writeString(file, "accept = 8443\nprotocol = connect\nprotocolAllow = a.example:443\n", StandardCharsets.UTF_8);
        Map<String, Object> properties = new TunnelConfigs(tmp.getRoot().toPath()).config("accept", "8443",
                "protocol", "connect", "protocolAllow", "a.example:443");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        TunnelSettings settings = ConfigParser.parse("proxy", properties, tmp.getRoot().toPath());
        assertEquals(new io.sluice.api.transport.ConnectSide.ByProtocol("connect"), settings.connect());
        assertEquals(java.util.List.of("protocol connect"), settings.connectText());
        ProtocolOptions.check(settings, connect);

        Files.writeString(file, "accept = 8465\nprotocol = smtp\n", StandardCharsets.UTF_8);
        properties = new TunnelConfigs(tmp.getRoot().toPath()).config("accept", "8465", "protocol", "smtp");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        try {
            ProtocolOptions.check(ConfigParser.parse("proxy", properties, tmp.getRoot().toPath()), smtp);
            fail("smtp names no target");
        } catch (ConfigException e) {
            assertEquals("Service [proxy]: " + file + ": connect = : required: where to connect, [HOST:]PORT, comma"
                    + " separated (protocol smtp does not name the target)", e.getMessage());
        }
    }

    @Test
    public void acceptsWhatThePluginReads() {
        ProtocolOptions.check("smtp", smtp, true, Map.of());
        ProtocolOptions.check("smtp", smtp, false, Map.of("protocolHost", "mx.example.org"));
        ProtocolOptions.check("connect", connect, true, Map.of("protocolHost", "imap.example.org:993",
                "protocolUsername", "alice", "protocolPassword", "secret"));
        ProtocolOptions.check("connect", connect, false, Map.of("protocolAllow", "*.example.com:443"));
    }

    /** SMTP AUTH is client mode only, as stunnel's: credentials on a server tunnel are refused, not ignored. */
    @Test
    public void smtpTakesCredentialsInClientModeOnly() {
        ProtocolOptions.check("smtp", smtp, true, Map.of("protocolUsername", "alice", "protocolPassword", "s3cret"));
        assertRefused("smtp", smtp, false, Map.of("protocolUsername", "alice"),
                "protocolUsername = alice: protocol smtp reads it in client mode only");
        assertRefused("smtp", smtp, true, Map.of("protocolUsername", "alice"),
                "protocolUsername = alice: set protocolPassword too (SMTP AUTH needs both)");
    }

    @Test
    public void thePluginChecksValues() {
        assertRefused("connect", connect, true, Map.of("protocolHost", "imap.example.org"),
                "protocolHost = imap.example.org: not host:port (IPv6 as [address]:port)");
    }

    @Test
    public void aKeyOfTheOtherModeIsRefused() {
        assertRefused("connect", connect, false, Map.of("protocolHost", "imap.example.org:993"),
                "protocolHost = imap.example.org:993: protocol connect reads it in client mode only");
        assertRefused("connect", connect, true, Map.of("protocolHost", "a:1", "protocolAllow", "b:2"),
                "protocolAllow = b:2: protocol connect reads it in server mode only");
    }

    /** A plugin built before keys() existed declares none: its options cannot be checked, so none are taken. */
    @Test
    public void aPluginThatDeclaresNothingTakesNoOptions() {
        ProtocolNegotiator old = context -> { };
        ProtocolOptions.check("old", old, true, Map.of());
        assertRefused("old", old, true, Map.of("protocolHost", "x"),
                "protocolHost = x: not an option of protocol old (it reads none)");
        assertRefused("old", old, true, Map.of("protocolPassword", "s3cret"),
                "protocolPassword = ****: not an option of protocol old (it reads none)");
    }

    @Test
    public void anUndeclaredKeyNamesWhatThePluginReads() {
        ProtocolNegotiator hostOnly = new ProtocolNegotiator() {
            @Override
            public void negotiate(io.sluice.api.protocol.NegotiationContext context) {
            }

            @Override
            public java.util.List<io.sluice.api.TunnelKey> keys() {
                return smtp.keys();
            }
        };
        assertRefused("x", hostOnly, false, Map.of("protocolDomain", "CORP"),
                "protocolDomain = CORP: not an option of protocol x (it reads protocolHost, protocolUsername,"
                        + " protocolPassword, protocolAuthentication)");
    }

    private static void assertRefused(String protocol, ProtocolNegotiator negotiator, boolean client,
            Map<String, String> options, String expected) {
        try {
            ProtocolOptions.check(protocol, negotiator, client, options);
        } catch (IllegalArgumentException e) {
            assertEquals(expected, e.getMessage());
            return;
        }
        fail("accepted: " + options);
    }
}
