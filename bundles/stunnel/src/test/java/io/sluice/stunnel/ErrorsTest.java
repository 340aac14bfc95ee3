package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Each refusal with its exact message; a read with any error fails as a whole. */
public class ErrorsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;

    @Test
    public void unknownOption() throws Exception {
        assertErrors(List.of("[web]", "accept = 443", "connect = 80", "cert = s.pem", "frobnicate = 1"),
                "Service [web]: F:5: \"frobnicate = 1\": Specified option name is not valid here");
    }

    /** stunnel 5.68 reads both: the socks server's target comes from each request, and a connect is one too many. */
    @Test
    public void aSocksServerHasTheProtocolAsItsSecondEndpoint() throws Exception {
        StunnelConfig config = read("[socks]", "accept = 1080", "cert = s.pem", "protocol = socks",
                "protocolAllow = example.org:80");
        assertEquals(java.util.Map.of("accept", "1080", "cert", "s.pem", "protocol", "socks",
                "protocolAllow", "example.org:80"), config.services().get("socks"));
        assertErrors(List.of("[socks]", "accept = 1080", "cert = s.pem", "protocol = socks", "connect = 9"),
                "Service [socks]: F:1: \"[socks]\": Each service must define two endpoints");
        assertErrors(List.of("[socks]", "client = yes", "accept = 1080", "protocol = socks", "protocolHost = a:1"),
                "Service [socks]: F:1: \"[socks]\": Each service must define two endpoints");
    }

    /** Repeated protocolHeader lines keep their order and their commas: one value, a line feed between lines. */
    @Test
    public void protocolHeaderLinesAreJoinedWithALineFeed() throws Exception {
        StunnelConfig config = read("[out]", "client = yes", "accept = 1", "connect = proxy:3128", "protocol = connect",
                "protocolHost = www.example.org:443", "protocolHeader = User-Agent: stunnel, sort of",
                "protocolHeader = X-Team: b");
        assertEquals("User-Agent: stunnel, sort of\nX-Team: b", config.services().get("out").get("protocolHeader"));
    }

    @Test
    public void globalOptionInASection() throws Exception {
        assertErrors(List.of("[web]", "accept = 443", "connect = 80", "cert = s.pem", "Foreground = yes"),
                "Service [web]: F:5: \"Foreground = yes\": Specified option name is not valid here");
    }

    @Test
    public void missingEndpoint() throws Exception {
        assertErrors(List.of("cert = s.pem", "[web]", "accept = 443"),
                "Service [web]: F:2: \"[web]\": Each service must define two endpoints");
    }

    @Test
    public void execCountsAsAnEndpoint() throws Exception {
        assertErrors(List.of("[sh]", "accept = 2323", "exec = /bin/sh", "connect = 80", "cert = s.pem"),
                "Service [sh]: F:1: \"[sh]\": Each service must define two endpoints");
        assertErrors(List.of("[sh]", "execArgs = sh -i", "cert = s.pem"),
                "Service [sh]: F:1: \"[sh]\": Each service must define two endpoints",
                "Service [sh]: F:1: \"[sh]\": execArgs without exec");
    }

    @Test
    public void localModeAndExecConnectArePassedOn() throws Exception {
        StunnelConfig config = read("retry = yes", "[local]", "accept = 2323", "exec = /bin/cat", "execArgs = cat -u",
                "cert = s.pem", "[out]", "client = yes", "exec = /usr/bin/ppp", "execArgs = pppd local", "connect = vpn:443",
                "retry = 500");
        assertEquals(Map.of("accept", "2323", "exec", "/bin/cat", "execArgs", "cat -u", "cert", "s.pem"),
                config.services().get("local"));
        assertEquals(Map.of("client", "yes", "exec", "/usr/bin/ppp", "execArgs", "pppd local", "connect", "vpn:443",
                "retry", "500", "verifyChain", "no"), config.services().get("out"));
        assertEquals(List.of(
                "[:] Service [local]: " + file + ":1: \"retry = yes\": retry = yes: has no effect (it restarts the"
                        + " program of an exec+connect service only)",
                "[:] Service [out]: " + file + ":7: \"[out]\": execArgs: $0 = pppd cannot be passed on: the JVM starts"
                        + " /usr/bin/ppp with its path as $0 (the other arguments are passed)"),
                config.warnings().stream().filter(w -> !w.contains("MITM")).toList());
    }

    @Test
    public void retryIsYesNoOrADelay() throws Exception {
        assertErrors(List.of("[a]", "exec = /bin/cat", "connect = 2", "cert = s.pem", "retry = often"),
                "Service [a]: F:5: \"retry = often\": retry = often: expected yes, no or a delay in milliseconds");
    }

    @Test
    public void badIncludeDirectory() throws Exception {
        assertErrors(List.of("include = missing.d", "[web]", "accept = 443", "connect = 80", "cert = s.pem"),
                "Global options: F:1: \"include = missing.d\": include: cannot read directory "
                        + folder.getRoot().toPath().resolve("missing.d"));
    }

    @Test
    public void engineAndFipsAreRefused() throws Exception {
        assertErrors(List.of("engine = auto", "fips = yes", "fips = no", "fips = maybe", "FIPS = YES", "[web]",
                        "accept = 443", "connect = 80", "cert = s.pem", "engineId = pkcs11", "engine = auto"),
                "Global options: F:1: \"engine = auto\": engine: not supported (no OpenSSL engines on the JVM)",
                // stunnel's words on a build without FIPS (options.c), which tools look for
                "Global options: F:2: \"fips = yes\": FIPS support is not available",
                "Global options: F:4: \"fips = maybe\": The argument needs to be either 'yes' or 'no'",
                "Global options: F:5: \"FIPS = YES\": FIPS support is not available",
                "Service [web]: F:10: \"engineId = pkcs11\": engineId: not supported (no OpenSSL engines on the JVM)",
                "Service [web]: F:11: \"engine = auto\": Specified option name is not valid here");
    }

    @Test
    public void obsoleteVersionsAreRefusedButAMinimumIsRaised() throws Exception {
        assertErrors(List.of("[web]", "accept = 443", "connect = 80", "cert = s.pem", "sslVersion = TLSv1",
                        "sslVersionMax = SSLv3", "sslVersionMin = TLSv1.5"),
                "Service [web]: F:5: \"sslVersion = TLSv1\": sslVersion = TLSv1: not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only",
                "Service [web]: F:6: \"sslVersionMax = SSLv3\": sslVersionMax = SSLv3: not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only",
                "Service [web]: F:7: \"sslVersionMin = TLSv1.5\": Invalid protocol version");

        StunnelConfig config = read("[web]", "accept = 443", "connect = 80", "cert = s.pem", "sslVersionMin = TLSv1",
                "sslVersionMax = all");
        assertEquals(Map.of("accept", "443", "connect", "80", "cert", "s.pem", "sslVersionMin", "TLSv1.2"),
                config.services().get("web"));
        assertEquals(List.of("[:] Service [web]: " + file + ":5: \"sslVersionMin = TLSv1\": sslVersionMin raised"
                + " to TLSv1.2: Sluice speaks TLSv1.2 and TLSv1.3 only"), config.warnings());
    }

    @Test
    public void lineWithoutEquals() throws Exception {
        assertErrors(List.of("[web]", "accept 443", "accept = 443", "connect = 80", "cert = s.pem"),
                "Service [web]: F:2: \"accept 443\": No '=' found");
    }

    @Test
    public void serverWithoutCertificate() throws Exception {
        assertErrors(List.of("[web]", "accept = 443", "connect = 80"),
                "Service [web]: F:1: \"[web]\": TLS server needs a certificate");
    }

    @Test
    public void everyErrorIsReportedInOrder() throws Exception {
        assertErrors(List.of("debug = loud", "foreground = maybe", "[a]", "accept = 1", "[a]", "[b c]", "client = sure"),
                "Global options: F:1: \"debug = loud\": debug: Illegal debug level: loud",
                "Global options: F:2: \"foreground = maybe\": foreground: Argument should be either 'yes', 'quiet' or 'no'",
                "Service [a]: F:5: \"[a]\": a section of this name is already defined",
                "Service [b c]: F:6: \"[b c]\": a Sluice tunnel name may hold letters, digits, '.', '_' and '-' only",
                "Service [a]: F:3: \"[a]\": Each service must define two endpoints",
                "Service [a]: F:3: \"[a]\": TLS server needs a certificate");
    }

    /** As stunnel 5 refuses them (its client verifies nothing unless told): checked with stunnel4 itself. */
    @Test
    public void subjectChecksWithoutVerificationAreRefusedInStunnelsWords() throws Exception {
        assertErrors(List.of("[c]", "client = yes", "accept = 1", "connect = 2", "checkHost = example.com"),
                "Service [c]: F:1: \"[c]\": Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        assertErrors(List.of("[s]", "accept = 1", "connect = 2", "cert = s.pem", "checkIP = 127.0.0.1"),
                "Service [s]: F:1: \"[s]\": Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        assertErrors(List.of("checkHost = example.com", "[c]", "client = yes", "accept = 1", "connect = 2",
                "verifyChain = no", "checkEmail = a@example.com"),
                "Service [c]: F:2: \"[c]\": Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        // What stunnel takes is taken: verifyChain, verifyPeer or the obsolete verify level.
        for (String verification : List.of("verifyChain = yes", "verifyPeer = yes", "verify = 2")) {
            StunnelConfig config = read("[c]", "client = yes", "accept = 1", "connect = 2", "CAfile = ca.pem",
                    verification, "checkHost = example.com", "checkIP = 192.0.2.1");
            assertEquals("example.com", config.services().get("c").get("checkHost"));
        }
    }

    @Test
    public void clientBooleanIsStunnelsYesOrNo() throws Exception {
        assertErrors(List.of("[a]", "client = sure", "accept = 1", "connect = 2"),
                "Service [a]: F:2: \"client = sure\": Argument should be either 'yes' or 'no'",
                "Service [a]: F:1: \"[a]\": TLS server needs a certificate");
    }

    @Test
    public void noSectionsIsInetdModeWithOneServiceNamedByTheServiceOption() throws Exception {
        StunnelConfig config = read("client = yes", "connect = tls.example:443", "verifyChain = yes",
                "checkHost = tls.example", "debug = info");
        assertTrue(config.inetd());
        assertEquals(Map.of("stunnel", Map.of("client", "yes", "connect", "tls.example:443", "verifyChain", "yes",
                "checkHost", "tls.example", "inetd", "yes")), config.services());
        config = read("service = imaps", "cert = s.pem", "exec = /usr/sbin/imapd", "execArgs = imapd");
        assertEquals(Map.of("imaps", Map.of("cert", "s.pem", "exec", "/usr/sbin/imapd", "execArgs", "imapd",
                "inetd", "yes")), config.services());
        assertFalse("a file with sections is no inetd file",
                read("[a]", "accept = 1", "connect = 2", "cert = s.pem").inetd());
    }

    @Test
    public void inetdModeNeedsConnectOrExecAndRefusesAcceptInStunnelsWords() throws Exception {
        assertErrors(List.of("client = yes"), "Inetd mode: F: Inetd mode must define one endpoint");
        assertErrors(List.of("cert = s.pem", "connect = 80", "exec = /bin/cat"),
                "Inetd mode: F: Inetd mode must define one endpoint");
        assertErrors(List.of("cert = s.pem", "accept = 443", "connect = 80"),
                "Inetd mode: F:2: \"accept = 443\": 'accept' option is only allowed in a [section]");
    }

    @Test
    public void inetdModeErrorsStillNameFileLineAndKey() throws Exception {
        assertErrors(List.of("client = sure", "connect = 80", "frobnicate = 1"),
                "Global options: F:3: \"frobnicate = 1\": Specified option name is not valid here",
                "Inetd mode: F:1: \"client = sure\": Argument should be either 'yes' or 'no'",
                "Inetd mode: F: TLS server needs a certificate");
        assertErrors(List.of("inetd = yes", "[a]", "accept = 1", "connect = 2", "cert = s.pem"),
                "Global options: F:1: \"inetd = yes\": inetd: not an option: a file without [section] runs in"
                        + " inetd mode");
        assertErrors(List.of("service = my service", "client = yes", "connect = 80"),
                "F: service = my service: in inetd mode the service name is the tunnel's name, which may hold"
                        + " letters, digits, '.', '_' and '-' only");
    }

    @Test
    public void inetdModesExecIsAProgramPerConnectionSoRetryHasNoEffect() throws Exception {
        StunnelConfig config = read("cert = s.pem", "exec = /bin/cat", "retry = yes");
        assertFalse(config.services().get("stunnel").containsKey("retry"));
        assertEquals(List.of("[:] Inetd mode: " + file + ":3: \"retry = yes\": retry = yes: has no effect (it restarts the program"
                + " of an exec+connect service only)"), config.warnings());
    }

    @Test
    public void obsoleteVerifyLevels() throws Exception {
        assertEquals(Map.of("accept", "1", "connect", "2", "cert", "s.pem", "verifyChain", "yes", "verifyPeer", "yes",
                "CAfile", "ca.pem"), read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "CAfile = ca.pem",
                "verify = 3").services().get("a"));
        assertErrors(List.of("[a]", "accept = 1", "connect = 2", "cert = s.pem", "verify = 5", "verify = 9"),
                "Service [a]: F:5: \"verify = 5\": Bad verify level",
                "Service [a]: F:6: \"verify = 9\": Bad verify level");
    }

    @Test
    public void revocationAndPeerIdentityOptionsArePassedOn() throws Exception {
        assertEquals(Map.ofEntries(Map.entry("accept", "1"), Map.entry("connect", "2"), Map.entry("cert", "s.pem"),
                Map.entry("verifyChain", "yes"), Map.entry("CRLfile", "crl.pem"), Map.entry("CRLpath", "crl.d"),
                Map.entry("OCSPaia", "yes"), Map.entry("OCSPrequire", "no"), Map.entry("TIMEOUTocsp", "3"),
                Map.entry("checkEmail", "a@example.org, b@example.org"),
                Map.entry("allowURI", "spiffe://example.org/*, spiffe://example.org/db")),
                read("[a]", "accept = 1", "connect = 2", "cert = s.pem", "verifyChain = yes",
                        "CRLfile = crl.pem", "CRLpath = crl.d", "OCSPaia = yes", "OCSPrequire = no", "TIMEOUTocsp = 3",
                        "OCSPnonce = no", "checkEmail = a@example.org", "checkEmail = b@example.org",
                        "allowURI = spiffe://example.org/*", "allowURI = spiffe://example.org/db").services().get("a"));
        assertErrors(List.of("[a]", "accept = 1", "connect = 2", "cert = s.pem", "OCSPnonce = yes", "OCSPflag = NOCERTS"),
                "Service [a]: F:5: \"OCSPnonce = yes\": OCSPnonce = yes: not supported (Sluice always works as OCSPnonce = no)",
                "Service [a]: F:6: \"OCSPflag = NOCERTS\": OCSPflag: not supported (OpenSSL's OCSP verification flags;"
                        + " Sluice always checks the signer)");
    }

    @Test
    public void sessionOptionsArePassedOnAndSessionIsTheTimeoutsOldName() throws Exception {
        assertEquals(Map.of("accept", "1", "connect", "2", "cert", "s.pem", "sessionCacheSize", "50",
                "sessionCacheTimeout", "120", "sessionResume", "no"),
                read("sessionCacheSize = 50", "[a]", "accept = 1", "connect = 2", "cert = s.pem", "session = 120",
                        "sessionResume = no").services().get("a"));
    }

    @Test
    public void aSecondaryServiceHasNoAcceptOfItsOwn() throws Exception {
        assertErrors(List.of("[virt]", "accept = 1", "connect = 2", "cert = s.pem", "sni = web:*.example.com"),
                "Service [virt]: F:1: \"[virt]\": Each service must define two endpoints");
    }

    @Test
    public void optionsWithoutEffectAreAcceptedWithAWarning() throws Exception {
        StunnelConfig config = read("RNDfile = /dev/random", "[a]", "accept = 1", "connect = 2", "cert = s.pem",
                "stack = 65536", "delay = yes", "logId = SEQUENTIAL");

        assertEquals(Map.of("accept", "1", "connect", "2", "cert", "s.pem", "delay", "yes"), config.services().get("a"));
        assertEquals(List.of(
                "[:] Global options: " + file + ":1: \"RNDfile = /dev/random\": RNDfile: has no effect"
                        + " (the JVM seeds its own random generator)",
                "[:] Service [a]: " + file + ":6: \"stack = 65536\": stack: has no effect (the JVM sizes thread stacks)"),
                config.warnings());
    }

    @Test
    public void anAcceptedOnlyValueIsRefusedOtherwise() throws Exception {
        assertErrors(List.of("[a]", "accept = 1", "connect = 2", "cert = s.pem", "pty = yes"),
                "Service [a]: F:5: \"pty = yes\": pty = yes: not supported (Sluice always works as pty = no)");
    }

    @Test
    public void includeLoopIsCutOff() throws Exception {
        Path dir = folder.newFolder("loop").toPath();
        Files.write(dir.resolve("self.conf"), List.of("include = ."));
        assertErrors(List.of("include = loop", "[a]", "accept = 1", "connect = 2", "cert = s.pem"),
                "Global options: " + dir.resolve("self.conf") + ":1: \"include = .\": include: nested more than 10 levels deep");
    }

    @Test
    public void passwordsStayOutOfMessages() throws Exception {
        assertErrors(List.of("[a]", "accept = 1", "connect = 2", "cert = s.pem", "protocolPasword = hunter2"),
                "Service [a]: F:5: \"protocolPasword = ****\": Specified option name is not valid here");
    }

    /** Expected messages use F for the file; each gets "[!] " and the list ends with Configuration failed. */
    private void assertErrors(List<String> lines, String... expected) throws Exception {
        try {
            read(lines.toArray(String[]::new));
            fail("read should have failed");
        } catch (StunnelConfigException e) {
            List<String> messages = new ArrayList<>();
            for (String message : expected) {
                messages.add("[!] " + message.replaceFirst("F(?=:)", file.toString().replace("\\", "\\\\")));
            }
            messages.add("[!] Configuration failed");
            assertEquals(messages, e.messages());
            assertEquals(String.join("\n", messages), e.getMessage());
        }
    }

    private StunnelConfig read(String... lines) throws IOException, StunnelConfigException {
        file = folder.getRoot().toPath().resolve("stunnel.conf");
        Files.write(file, List.of(lines));
        return StunnelConfigReader.read(file);
    }
}
