package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Realistic stunnel files, each to the exact Sluice tunnel keys. */
public class CorpusTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CorpusTest.class.getResource("/conf/" + name).toURI());
    }

    private static StunnelConfig read(String name) throws Exception {
        return StunnelConfigReader.read(resource(name));
    }

    @Test
    public void mailServerGetsGlobalDefaultsInEverySection() throws Exception {
        StunnelConfig config = read("smtps.conf");

        Map<String, String> common = Map.of("cert", "/etc/ssl/certs/mail.example.com.pem",
                "key", "/etc/ssl/private/mail.example.com.key", "sslVersionMin", "TLSv1.2", "TIMEOUTclose", "0");
        assertEquals(List.of("smtps", "submission"), List.copyOf(config.services().keySet()));
        assertEquals(with(common, "accept", "465", "connect", "25"), config.services().get("smtps"));
        assertEquals(with(common, "accept", "0.0.0.0:587", "connect", "127.0.0.1:25", "protocol", "smtp"),
                config.services().get("submission"));
        assertEquals(List.of(), config.warnings());
    }

    @Test
    public void mailServerProcessOptions() throws Exception {
        GlobalOptions global = read("smtps.conf").global();

        assertEquals(new GlobalOptions(GlobalOptions.Foreground.YES, null, Path.of("/var/log/stunnel4/mail.log"),
                true, 6, "mail", true, "stunnel4", "stunnel4", "stunnel"), global);
    }

    @Test
    public void pskSectionsNeedNoCertificateAndPassTheirKeys() throws Exception {
        StunnelConfig config = read("psk.conf");

        assertEquals(Map.of("accept", "9443", "connect", "127.0.0.1:8080", "PSKsecrets", "/etc/stunnel/psk.txt"),
                config.services().get("psk-server"));
        assertEquals(Map.of("client", "yes", "accept", "127.0.0.1:1080", "connect", "psk.example.com:9443",
                "PSKsecrets", "/etc/stunnel/psk.txt", "PSKidentity", "branch-office", "ciphers", "PSK"),
                config.services().get("psk-client"));
        // no "TLS server needs a certificate", and no warning about certificate verification: the key authenticates
        assertEquals(List.of(), config.warnings());
    }

    @Test
    public void clientModeKeepsVerificationAndSaysSo() throws Exception {
        StunnelConfig config = read("client.conf");

        assertEquals(Map.of("client", "yes", "accept", "127.0.0.1:1143", "connect", "imap.gmail.com:993",
                "verifyChain", "yes", "CAfile", "/etc/ssl/certs/ca-certificates.crt", "checkHost", "imap.gmail.com"),
                config.services().get("gmail-imap"));
        // option names in any case come out in stunnel's spelling; repeated connect lines are joined
        assertEquals(Map.of("client", "yes", "accept", "127.0.0.1:8443",
                "connect", "api1.example.com:443, api2.example.com:443", "failover", "rr", "sni", "api.example.com",
                "TIMEOUTconnect", "5", "verifyChain", "no"), config.services().get("legacy-api"));
        // split at the first '=' only
        assertEquals(Map.of("client", "yes", "accept", "127.0.0.1:3128", "connect", "proxy.example.com:8080",
                "protocol", "connect", "protocolHost", "www.example.com:443", "protocolUsername", "alice",
                "protocolPassword", "s3cret=with=equals", "verifyChain", "no"), config.services().get("proxied"));
        Path file = resource("client.conf");
        // stunnel's client default: no verification, and stunnel's own warning line, in its words.
        assertEquals(List.of("Service [legacy-api] needs authentication to prevent MITM attacks",
                "Service [proxied] needs authentication to prevent MITM attacks"), config.warnings());
        assertEquals(GlobalOptions.Foreground.YES, config.global().foreground());
        assertEquals(3, config.global().debugLevel());
        assertEquals("daemon", config.global().debugFacility());
    }

    @Test
    public void manyServicesInheritOrReplaceDefaults() throws Exception {
        Map<String, Map<String, String>> services = read("many.conf").services();

        Map<String, String> common = Map.of("cert", "/etc/stunnel/server.pem", "key", "/etc/stunnel/server.key",
                "CAfile", "/etc/stunnel/clients-ca.pem", "verifyChain", "yes",
                "checkHost", "app1.example.com, app2.example.com", "TIMEOUTidle", "600", "libwrap", "yes");
        assertEquals(List.of("https", "imaps", "pop3s", "ldaps"), List.copyOf(services.keySet()));
        assertEquals(with(common, "accept", "443", "connect", "8080"), services.get("https"));
        assertEquals(with(common, "accept", "993", "connect", "143", "checkHost", "mail.example.com"),
                services.get("imaps"));
        assertEquals(with(common, "accept", "995", "connect", "110", "verifyChain", "no", "verifyPeer", "yes",
                "requireCert", "no"),
                services.get("pop3s"));
        assertEquals(with(common, "accept", "636", "connect", "ldap1.internal:389, ldap2.internal:389",
                "failover", "prio", "TIMEOUTidle", "3600"), services.get("ldaps"));
    }

    @Test
    public void sniSecondariesCollectTheirPatternsAndClientsSendTheLastName() throws Exception {
        Map<String, Map<String, String>> services = read("virtual-hosts.conf").services();
        assertEquals(Map.of("cert", "/etc/stunnel/shop.pem", "connect", "127.0.0.1:8081",
                "sni", "https:shop.example.com, https:*.shop.example.com"), services.get("shop"));
        assertEquals("api.example.com", services.get("client-sni").get("sni"));
    }

    @Test
    public void ipv6AddressesPassAsWritten() throws Exception {
        Map<String, Map<String, String>> services = read("ipv6.conf").services();

        assertEquals(Map.of("cert", "/etc/stunnel/server.pem", "accept", "::1:443", "connect", "::1:80"),
                services.get("loopback6"));
        assertEquals(Map.of("cert", "/etc/stunnel/server.pem", "accept", "[::]:8443",
                "connect", "[2001:db8::10]:8080, 2001:db8::11:8080"), services.get("bracketed"));
        assertEquals(Map.of("cert", "/etc/stunnel/server.pem", "client", "yes", "accept", "127.0.0.1:6000",
                "connect", "[2001:db8::20]:443", "verifyChain", "yes", "CAfile", "/etc/ssl/certs/ca-certificates.crt",
                "checkIP", "2001:db8::20, 192.0.2.20"), services.get("client6"));
    }

    @Test
    public void includedFilesAreReadInLexicalOrderAsIfInline() throws Exception {
        StunnelConfig config = read("includes.conf");

        assertEquals(List.of("web", "mail"), List.copyOf(config.services().keySet()));
        assertEquals(Map.of("accept", "443", "connect", "80", "cert", "/etc/stunnel/web.pem"),
                config.services().get("web"));
        // the line after the include belongs to [mail], which the last included file opened
        assertEquals(Map.of("accept", "465", "connect", "25", "cert", "/etc/stunnel/default.pem", "TIMEOUTidle", "60"),
                config.services().get("mail"));
        assertEquals(GlobalOptions.Foreground.QUIET, config.global().foreground());
    }

    @Test
    public void byteOrderMarkAndCrLfLinesAreRead() throws Exception {
        assertEquals(Map.of("bom", Map.of("accept", "1443", "connect", "80", "cert", "/etc/stunnel/bom.pem")),
                read("bom.conf").services());
    }

    /** The common keys plus pairs, a pair replacing a common key of the same name. */
    private static Map<String, String> with(Map<String, String> common, String... pairs) {
        Map<String, String> result = new java.util.HashMap<>(common);
        for (int i = 0; i < pairs.length; i += 2) {
            result.put(pairs[i], pairs[i + 1]);
        }
        return result;
    }
}
