package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.tls.jsse.contract.TestRevocation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** checkHost/checkIP without verification, checkEmail, allowCN/OU/DNS/URI, CRLfile, CRLpath, OCSP, OCSPaia, OCSPrequire, TIMEOUTocsp as a tunnel file sets them. */
public class ConfigParserPeerChecksTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A client tunnel (verifyChain on by default) with these extra keys. */
    private static Map<String, Object> client(String... keyValues) {
        Map<String, Object> map = new HashMap<>();
        map.put("service.pid", "io.sluice.tunnel~t");
        map.put("accept", "127.0.0.1:0");
        map.put("connect", "127.0.0.1:443");
        map.put("client", "yes");
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private TlsSettings parse(Map<String, Object> properties) throws ConfigException {
        return TunnelConfiguration.read("t", properties, tmp.getRoot().toPath()).tls();
    }

    private String refusal(Map<String, Object> properties) {
        try {
            parse(properties);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        fail("accepted: " + properties);
        return null;
    }

    @Test
    public void revocationIsOffAndOcspFailsClosedByDefault() throws Exception {
        Revocation r = parse(client()).revocation();
        assertFalse(r.checksCrls());
        assertFalse(r.checksOcsp());
        r = parse(client("OCSPaia", "yes")).revocation();
        assertTrue(r.ocspAia());
        assertTrue("fail closed unless OCSPrequire = no", r.ocspRequire());
        assertEquals(Duration.ofSeconds(5), r.ocspTimeout());
        r = parse(client("OCSP", "http://ocsp.example.com:8080/", "OCSPrequire", "no", "TIMEOUTocsp", "2")).revocation();
        assertEquals(URI.create("http://ocsp.example.com:8080/"), r.ocspUrl());
        assertFalse(r.ocspRequire());
        assertEquals(Duration.ofSeconds(2), r.ocspTimeout());
    }

    @Test
    public void crlFileAndCrlPathAreLoaded() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestRevocation.writeCrls(root.resolve("crls.pem"), TestRevocation.crl(TestCerts.ROOT),
                TestRevocation.crl(TestCerts.INTERMEDIATE, TestCerts.CLIENT.cert()));
        Path dir = Files.createDirectory(root.resolve("crl.d"));
        // OpenSSL's hashed name, a plain .crl, and a file that is no CRL (skipped: a CApath may share the directory).
        TestRevocation.writeCrls(dir.resolve("1a2b3c4d.r0"), TestRevocation.crl(TestCerts.ROOT));
        Files.write(dir.resolve("intermediate.crl"), TestRevocation.crl(TestCerts.INTERMEDIATE).getEncoded());
        Files.writeString(dir.resolve("README"), "not a CRL");
        assertEquals(2, parse(client("CRLfile", "crls.pem")).revocation().crls().size());
        assertEquals(2, parse(client("CRLpath", "crl.d")).revocation().crls().size());
        assertEquals(4, parse(client("CRLfile", "crls.pem", "CRLpath", "crl.d")).revocation().crls().size());
    }

    @Test
    public void unreadableCrlsRefuseTheTunnelNamingFileAndLine() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path cfg = root.resolve("io.sluice.tunnel-t.cfg");
        Files.writeString(cfg, "accept = 127.0.0.1:0\nconnect = 127.0.0.1:443\nclient = yes\nCRLfile = bad.pem\n",
                StandardCharsets.UTF_8);
        Files.writeString(root.resolve("bad.pem"), "-----BEGIN X509 CRL-----\nnot base64!\n-----END X509 CRL-----\n");
        Map<String, Object> properties = client("CRLfile", "bad.pem");
        properties.put("felix.fileinstall.filename", cfg.toUri().toString());
        String message = refusal(properties);
        assertTrue(message, message.startsWith("Service [t]: " + cfg + ":4: CRLfile = bad.pem: "));

        assertEquals("Service [t]: CRLfile = none.pem: CRL file " + root.resolve("none.pem") + " does not exist",
                refusal(client("CRLfile", "none.pem")));
        Files.writeString(root.resolve("certs-only.pem"), TestRevocation.pem("CERTIFICATE",
                TestCerts.ROOT.cert().getEncoded()));
        assertEquals("Service [t]: CRLfile = certs-only.pem: no CRL found in " + root.resolve("certs-only.pem"),
                refusal(client("CRLfile", "certs-only.pem")));
        Files.createDirectory(root.resolve("empty.d"));
        assertEquals("Service [t]: CRLpath = empty.d: no CRL found in any file of CRL directory " + root.resolve("empty.d"),
                refusal(client("CRLpath", "empty.d")));
    }

    @Test
    public void revocationAndIdentityChecksNeedVerification() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestRevocation.writeCrls(root.resolve("crls.pem"), TestRevocation.crl(TestCerts.ROOT));
        assertEquals("Service [t]: OCSP = http://ocsp.example.com/: needs verifyChain: revocation is checked on a verified chain",
                refusal(client("verifyChain", "no", "OCSP", "http://ocsp.example.com/")));
        assertEquals("Service [t]: CRLfile = crls.pem: needs verifyChain: revocation is checked on a verified chain",
                refusal(client("verifyChain", "no", "CRLfile", "crls.pem")));
        assertEquals("Service [t]: allowCN = app: needs verifyChain or verifyPeer: an unverified certificate proves no identity",
                refusal(client("verifyChain", "no", "allowCN", "app")));
        Map<String, Object> server = client("client", "no", "checkEmail", "a@example.org");
        assertEquals("Service [t]: checkEmail = a@example.org: needs verifyChain or verifyPeer: an unverified certificate proves no identity",
                refusal(server));
    }

    /** Unverified, a server would ask for no client certificate at all and the names would go unchecked. */
    @Test
    public void checkHostAndCheckIpNeedVerification() throws Exception {
        assertEquals("Service [t]: checkHost = app.example.org: needs verifyChain or verifyPeer: an unverified"
                + " certificate proves no identity", refusal(client("client", "no", "checkHost", "app.example.org")));
        assertEquals("Service [t]: checkIP = 192.0.2.7: needs verifyChain or verifyPeer: an unverified certificate"
                + " proves no identity", refusal(client("verifyChain", "no", "checkIP", "192.0.2.7")));
        assertEquals("Service [t]: checkHost = a.example.org, b.example.org: needs verifyChain or verifyPeer: an"
                + " unverified certificate proves no identity",
                refusal(client("verifyChain", "no", "checkHost", "a.example.org, b.example.org")));

        // A client verifies by default: its checkHost is checked.
        TlsSettings tls = parse(client("checkHost", "app.example.org", "checkIP", "192.0.2.7"));
        assertTrue(tls.verifyChain());
        assertEquals(List.of("app.example.org"), tls.checkHost());
        assertEquals(List.of("192.0.2.7"), tls.checkIP());
        // verifyPeer alone is verification too.
        Files.writeString(tmp.getRoot().toPath().resolve("peer.pem"),
                TestRevocation.pem("CERTIFICATE", TestCerts.ROOT.cert().getEncoded()));
        tls = parse(client("verifyChain", "no", "verifyPeer", "yes", "CAfile", "peer.pem", "checkHost", "app.example.org"));
        assertEquals(List.of("app.example.org"), tls.checkHost());
    }

    @Test
    public void badValuesAreRefusedWithKeyAndValue() {
        assertEquals("Service [t]: OCSP = ldap://x/: expected the responder's http:// URL",
                refusal(client("OCSP", "ldap://x/")));
        assertEquals("Service [t]: OCSPrequire = maybe: expected yes or no", refusal(client("OCSPrequire", "maybe")));
        assertEquals("Service [t]: TIMEOUTocsp = 0: expected a whole number of seconds, at least 1",
                refusal(client("TIMEOUTocsp", "0")));
        assertEquals("Service [t]: checkEmail = ops.example.org: 'ops.example.org' is not an email address",
                refusal(client("checkEmail", "ops.example.org")));
        assertEquals("Service [t]: allowURI = spiffe://example.org/*/db: 'spiffe://example.org/*/db': '*' is only allowed as a last path segment '/*'",
                refusal(client("allowURI", "spiffe://example.org/*/db")));
        assertEquals("Service [t]: allowURI = payments: 'payments' is not a URI such as spiffe://example.org/service",
                refusal(client("allowURI", "payments")));
    }

    @Test
    public void identityListsAreCommaSeparated() throws Exception {
        TlsSettings tls = parse(client("allowCN", "a, b", "allowOU", "ops", "allowDNS", "x.internal",
                "allowURI", "spiffe://example.org/ns/*, spiffe://example.org/db", "checkEmail", "ops@example.org"));
        assertEquals(List.of("a", "b"), tls.allow().commonNames());
        assertEquals(List.of("ops"), tls.allow().orgUnits());
        assertEquals(List.of("x.internal"), tls.allow().dnsNames());
        assertEquals(List.of("spiffe://example.org/ns/*", "spiffe://example.org/db"), tls.allow().uris());
        assertEquals(List.of("ops@example.org"), tls.checkEmail());
        assertNull(tls.revocation().ocspUrl());
    }
}
