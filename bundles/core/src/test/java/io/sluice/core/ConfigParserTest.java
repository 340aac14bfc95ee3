package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.Failover;
import io.sluice.pki.SelfSigned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigParserTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Map<String, Object> config(String... keyValues) {
        return new TunnelConfigs(null).config(keyValues);
    }

    private TunnelSettings parse(Map<String, Object> properties) throws ConfigException {
        return new TunnelConfigs(tmp.getRoot().toPath()).read(properties);
    }

    private String refusal(String... keyValues) {
        return new TunnelConfigs(tmp.getRoot().toPath()).refusal(keyValues);
    }

    @Test
    public void clientModeVerifiesServerAndHostByDefaultWithTls12Minimum() throws Exception {
        TunnelSettings s = parse(config("accept", "127.0.0.1:0", "connect", "localhost:443", "client", "yes"));
        assertTrue(s.client());
        assertTrue(s.tls().verifyChain());
        assertTrue(s.tls().checkConnectHost());
        assertNull("system trust store", s.tls().trustAnchors());
        assertEquals("TLSv1.2", s.tls().versionMin());
        assertEquals("TLSv1.3", s.tls().versionMax());
        assertEquals(Failover.PRIO, s.failover());
        assertEquals("the default provider (ProviderChoiceTest)", ProviderChoice.NATIVE_PLATFORM ? "openssl" : "jsse",
                s.tlsProvider());
        assertNull(s.protocol());
    }

    @Test
    public void serverModeWithoutCertUsesTheDefaultCertificate() throws Exception {
        TunnelSettings s = parse(config("accept", "8443", "connect", "8080"));
        assertFalse(s.client());
        assertTrue(s.needsDefaultCertificate());
        assertFalse(s.tls().verifyChain());
        assertEquals(8443, s.acceptAddress().getPort());
        assertTrue("bare port binds all interfaces", s.acceptAddress().getAddress().isAnyLocalAddress());
        assertTrue("bare connect port means localhost", s.targets().get(0).address().getAddress().isLoopbackAddress());
    }

    @Test
    public void keysAreCaseInsensitiveAndConnectTakesAList() throws Exception {
        TunnelSettings s = parse(config("ACCEPT", "[::1]:0", "Connect", "127.0.0.1:1001, 127.0.0.1:1002",
                "FAILOVER", "rr", "timeoutIDLE", "5"));
        assertEquals(2, s.targets().size());
        assertEquals(1002, s.targets().get(1).address().getPort());
        assertEquals(Failover.RR, s.failover());
        assertEquals(Duration.ofSeconds(5), s.timeouts().idle());
    }

    @Test
    public void missingAcceptIsRefused() {
        assertEquals("Service [t]: accept = : required", refusal("connect", "80"));
    }

    @Test
    public void missingConnectIsRefused() {
        assertTrue(refusal("accept", "80").startsWith("Service [t]: connect = : required"));
    }

    @Test
    public void badPortIsRefusedWithKeyAndValue() {
        assertEquals("Service [t]: accept = 127.0.0.1:no-such-service: 'no-such-service' is neither a port number"
                + " nor a TCP service of /etc/services", refusal("accept", "127.0.0.1:no-such-service", "connect", "80"));
        assertEquals("Service [t]: accept = 70000: port 70000 is out of range 0-65535",
                refusal("accept", "70000", "connect", "80"));
    }

    /** stunnel takes port 0 in connect and redirect; a connection there fails when it is made, not the start. */
    @Test
    public void connectAndRedirectToPortZeroAreTaken() throws Exception {
        TunnelSettings s = parse(config("accept", "1", "connect", "80, 127.0.0.1:0"));
        assertEquals(0, s.targets().get(1).address().getPort());
    }

    /** As stunnel's getservbyname: a TCP service name of /etc/services in place of a port. */
    @Test
    public void serviceNamesOfEtcServicesAreTaken() throws Exception {
        assertTrue("/etc/services (Debian: netbase; .ci/run installs it)", Files.isRegularFile(Path.of("/etc/services")));
        TunnelSettings s = parse(config("accept", "127.0.0.1:https", "connect", "smtp"));
        assertEquals(443, s.acceptAddress().getPort());
        assertEquals(25, s.targets().get(0).address().getPort());
    }

    /** stunnel's several accept lines (a list here), and every address of an accept host name. */
    @Test
    public void everyAcceptAndEveryAddressOfItsHostIsListenedOn() throws Exception {
        TunnelSettings s = parse(config("accept", "127.0.0.2:0, localhost:0", "connect", "80"));
        List<java.net.InetSocketAddress> expected = new java.util.ArrayList<>();
        expected.add(new java.net.InetSocketAddress("127.0.0.2", 0));
        for (java.net.InetAddress address : java.net.InetAddress.getAllByName("localhost")) {
            expected.add(new java.net.InetSocketAddress(address, 0));
        }
        assertEquals(new AcceptSide.Sockets(expected), s.accept());
    }

    /** exec in an SNI secondary: a program per connection routed there, as stunnel's local mode. */
    @Test
    public void aSecondaryMayRunAProgram() throws Exception {
        TunnelSettings s = parse(config("sni", "web:x.example", "exec", "/bin/cat"));
        assertEquals(new AcceptSide.ByServerName("web"), s.accept());
        assertTrue(s.connect() instanceof io.sluice.api.transport.ConnectSide.Program);
    }

    /** Issue 17: as stunnel, a connect name that does not resolve at start is resolved per connection (UnresolvedAtStartTest). */
    @Test
    public void unresolvableConnectHostIsNoRefusal() throws Exception {
        TunnelSettings s = parse(config("accept", "1", "connect", "no-such-host.invalid:80"));
        assertTrue(s.targets().get(0).address().isUnresolved());
        assertEquals("no-such-host.invalid:80", s.targets().get(0).toString());
    }

    @Test
    public void badChoicesAreRefused() {
        assertEquals("Service [t]: failover = random: expected one of prio, rr",
                refusal("accept", "1", "connect", "80", "failover", "random"));
        assertEquals("Service [t]: client = maybe: expected yes or no",
                refusal("accept", "1", "connect", "80", "client", "maybe"));
        assertEquals("Service [t]: TIMEOUTidle = -5: expected a whole number of seconds, at least 1",
                refusal("accept", "1", "connect", "80", "TIMEOUTidle", "-5"));
        assertEquals("Service [t]: TIMEOUTconnect = soon: expected a whole number of seconds, at least 1",
                refusal("accept", "1", "connect", "80", "TIMEOUTconnect", "soon"));
    }

    @Test
    public void oldOrUnknownTlsVersionsAreRefused() {
        assertEquals("Service [t]: sslVersionMin = TLSv1: not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only",
                refusal("accept", "1", "connect", "80", "sslVersionMin", "TLSv1"));
        assertEquals("Service [t]: sslVersionMax = TLSv9: expected TLSv1.2 or TLSv1.3",
                refusal("accept", "1", "connect", "80", "sslVersionMax", "TLSv9"));
        assertEquals("Service [t]: sslVersionMin = TLSv1.3: is above sslVersionMax TLSv1.2",
                refusal("accept", "1", "connect", "80", "sslVersionMin", "TLSv1.3", "sslVersionMax", "TLSv1.2"));
        assertEquals("Service [t]: sslVersion = SSLv3: not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only",
                refusal("accept", "1", "connect", "80", "sslVersion", "SSLv3"));
    }

    @Test
    public void unknownCipherSuitesAreRefused() {
        assertEquals("Service [t]: ciphers = HIGH:!aNULL:FOO: unknown cipher suite or OpenSSL keyword 'FOO'",
                refusal("accept", "1", "connect", "80", "ciphers", "HIGH:!aNULL:FOO"));
        assertTrue(refusal("accept", "1", "connect", "80", "ciphersuites", "ECDHE-RSA-AES128-GCM-SHA256")
                .startsWith("Service [t]: ciphersuites = ECDHE-RSA-AES128-GCM-SHA256: unknown cipher suite"));
    }

    @Test
    public void aMisspelledKeyIsRefusedNotIgnored() {
        assertTrue(refusal("accept", "1", "connect", "80", "verifyChian", "yes")
                .startsWith("Service [t]: verifyChian: unknown option (known: "));
    }

    @Test
    public void missingCertificateFileIsNamed() {
        String message = refusal("accept", "1", "connect", "80", "cert", "nope.pem");
        assertEquals("Service [t]: cert = nope.pem: certificate file " + tmp.getRoot().toPath().resolve("nope.pem")
                + " does not exist", message);
    }

    @Test
    public void checksThatNeedTrustAnchorsOrValidValuesAreRefused() {
        assertEquals("Service [t]: verifyPeer = yes: needs CAfile or CApath holding the peer certificates",
                refusal("accept", "1", "connect", "80", "verifyPeer", "yes"));
        assertEquals("Service [t]: checkIP = 10.0.0.x: '10.0.0.x' is not an IP address",
                refusal("accept", "1", "connect", "80", "checkIP", "10.0.0.x"));
        assertEquals("Service [t]: protocolHost = mail.example.com: has no effect without protocol",
                refusal("accept", "1", "connect", "80", "protocolHost", "mail.example.com"));
        assertEquals("Service [t]: sni = example.com: expected SERVICE:PATTERN (the listening service and a server name"
                + " such as www.example.com or *.example.com)", refusal("accept", "1", "connect", "80", "sni", "example.com"));
    }

    @Test
    public void passwordsNeverAppearInMessages() throws Exception {
        Path cert = tmp.newFile("c.pem").toPath();
        Path key = tmp.newFile("k.pem").toPath();
        SelfSigned.writePem(SelfSigned.generate("x", List.of("x"), Duration.ofDays(1)), cert, key);
        String message = refusal("accept", "1", "connect", "80", "cert", "c.pem", "key", "k.pem",
                "keyPassword", "s3cret", "TIMEOUTbusy", "0");
        assertFalse(message, message.contains("s3cret"));
        assertEquals("Service [t]: TIMEOUTbusy = 0: expected a whole number of seconds, at least 1", message);
    }

    @Test
    public void anErrorInAFileNamesTheFileAndLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-web.cfg");
        Files.writeString(file, "# web\naccept = 8443\nconnect = 127.0.0.1:80\nfailover = sometimes\n",
                StandardCharsets.UTF_8);
        Map<String, Object> properties = config("accept", "8443", "connect", "127.0.0.1:80", "failover", "sometimes");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        try {
            parse(properties);
            fail();
        } catch (ConfigException e) {
            assertEquals("Service [t]: " + file + ":4: failover = sometimes: expected one of prio, rr", e.getMessage());
        }
    }

    @Test
    public void tunnelNameComesFromThePidOrTheFile() {
        assertEquals("web", ConfigParser.tunnelName(Map.of("service.pid", "io.sluice.tunnel~web")));
        assertEquals("mail", ConfigParser.tunnelName(Map.of("service.pid", "io.sluice.tunnel.1234",
                "felix.fileinstall.filename", "file:/opt/sluice/etc/io.sluice.tunnel-mail.cfg")));
    }

    @Test
    public void aServerWithSniIsASecondaryOfItsPrimaryWithoutAnAcceptOfItsOwn() throws Exception {
        TunnelSettings s = parse(config("connect", "8081", "sni", "web:*.example.com, web:a.example.org"));
        assertEquals(new SniSecondary("web", List.of("*.example.com", "a.example.org")), s.secondary());
        assertEquals(new AcceptSide.ByServerName("web"), s.accept());
        assertNull(s.acceptAddress());
        assertEquals("sni web:*.example.com, web:a.example.org", s.acceptText());
        assertNull("a server does not send SNI", s.tls().sni());
        assertNull("a client's sni is the name it sends",
                parse(config("client", "yes", "accept", "1", "connect", "localhost:443", "sni", "h.example")).secondary());
    }

    @Test
    public void badSecondariesAreRefused() {
        assertEquals("Service [t]: accept = 1: a secondary service (sni = web:x.example) listens on its primary's port,"
                + " not its own", refusal("accept", "1", "connect", "80", "sni", "web:x.example"));
        assertEquals("Service [t]: sni = web: expected SERVICE:PATTERN (the listening service and a server name such as"
                + " www.example.com or *.example.com)", refusal("connect", "80", "sni", "web"));
        assertEquals("Service [t]: sni = a:x.example, b:y.example: one service can be the secondary of one primary only,"
                + " not of a and b", refusal("connect", "80", "sni", "a:x.example, b:y.example"));
        assertEquals("Service [t]: sni = web:a*.example: 'a*.example': a '*' may only begin a pattern",
                refusal("connect", "80", "sni", "web:a*.example"));
    }

    @Test
    public void sniPatternsAreWholeNamesOrLeadingWildcardsIgnoringCase() {
        assertTrue(SniRoutes.matches("www.example.com", "WWW.Example.com"));
        assertTrue(SniRoutes.matches("*.example.com", "a.b.example.com"));
        assertFalse(SniRoutes.matches("*.example.com", "example.com"));
        assertFalse(SniRoutes.matches("www.example.com", "www.example.com.evil"));
    }

    @Test
    public void withDelayConnectNamesAreResolvedLaterSoAnUnknownOneIsNoError() throws Exception {
        TunnelSettings s = parse(config("accept", "1", "connect", "no-such-host.invalid:80", "delay", "yes"));
        assertTrue(s.targets().get(0).address().isUnresolved());
        assertEquals("no-such-host.invalid:80", s.targets().get(0).toString());
    }

    @Test
    public void sessionKeysHaveStunnelsDefaults() throws Exception {
        TunnelSettings s = parse(config("accept", "0", "connect", "80"));
        assertEquals(1000, s.tls().sessionCacheSize());
        assertEquals(300, s.tls().sessionCacheTimeout());
        assertTrue(s.tls().sessionResume());
        assertEquals(List.of(), s.tls().alpn());
    }

    @Test
    public void sessionKeysAndAlpnAreRead() throws Exception {
        TunnelSettings s = parse(config("accept", "0", "connect", "80", "sessionCacheSize", "0",
                "sessionCacheTimeout", "60", "sessionResume", "no", "alpn", "h2, http/1.1"));
        assertEquals("0: unlimited", 0, s.tls().sessionCacheSize());
        assertEquals(60, s.tls().sessionCacheTimeout());
        assertFalse(s.tls().sessionResume());
        assertEquals(List.of("h2", "http/1.1"), s.tls().alpn());
    }

    @Test
    public void badSessionValuesAreRefusedWithKeyAndValue() {
        assertEquals("Service [t]: sessionCacheSize = -1: expected a whole number, 0 or more (0: unlimited)",
                refusal("accept", "0", "connect", "80", "sessionCacheSize", "-1"));
        assertEquals("Service [t]: sessionCacheTimeout = 0: expected a whole number of seconds, at least 1",
                refusal("accept", "0", "connect", "80", "sessionCacheTimeout", "0"));
        assertEquals("Service [t]: sessionCacheTimeout = 604801: at most 604800 seconds (7 days, the longest a TLS 1.3"
                + " ticket may live; beyond it the JDK resumes no session at all)",
                refusal("accept", "0", "connect", "80", "sessionCacheTimeout", "604801"));
        assertEquals("Service [t]: sessionResume = maybe: expected yes or no",
                refusal("accept", "0", "connect", "80", "sessionResume", "maybe"));
    }

    @Test
    public void badAlpnNamesAreRefused() {
        assertEquals("Service [t]: alpn = h2,http 1.1: 'http 1.1' is not an ALPN protocol name "
                + "(1 to 255 printable ASCII characters, e.g. h2, http/1.1)",
                refusal("accept", "0", "connect", "80", "alpn", "h2,http 1.1"));
        assertEquals("Service [t]: alpn = h2,h2: names a protocol twice",
                refusal("accept", "0", "connect", "80", "alpn", "h2,h2"));
    }

    @Test
    public void badAlpnInAFileNamesTheFileAndLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("io.sluice.tunnel-web.cfg");
        Files.writeString(file, "accept = 8443\nconnect = 127.0.0.1:80\nalpn = h2,\u00e9\n", StandardCharsets.UTF_8);
        Map<String, Object> properties = config("accept", "8443", "connect", "127.0.0.1:80", "alpn", "h2,\u00e9");
        properties.put("felix.fileinstall.filename", file.toUri().toString());
        try {
            parse(properties);
            fail("accepted");
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("Service [t]: " + file + ":3: alpn = h2,\u00e9: '\u00e9' is not"));
        }
    }

    @Test
    public void redirectIsForServersThatVerifyClients() throws Exception {
        assertEquals("Service [t]: redirect = 9999: only a server redirects clients (client = no)",
                refusal("client", "yes", "accept", "1", "connect", "localhost:443", "redirect", "9999"));
        assertEquals("Service [t]: redirect = 9999: has no effect without verifyChain or verifyPeer",
                refusal("accept", "1", "connect", "80", "redirect", "9999"));
        Path ca = tmp.newFile("ca.pem").toPath();
        io.sluice.pki.SelfSigned.writePem(io.sluice.pki.SelfSigned.generate("ca", List.of("ca"),
                java.time.Duration.ofDays(1)), ca, tmp.getRoot().toPath().resolve("ca.key"));
        TunnelSettings s = parse(config("accept", "1", "connect", "80", "verifyChain", "yes", "CAfile", ca.toString(),
                "redirect", "127.0.0.1:9999"));
        assertEquals("127.0.0.1:9999", s.redirect().get(0).toString());
        assertTrue(s.tls().redirectOnFailure());
        assertFalse(parse(config("accept", "1", "connect", "80")).tls().redirectOnFailure());
    }
}
