package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.api.tls.KeyMaterial;

/** The log views of a certificate agree with what openssl shows an operator. */
public class CertificatesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void fingerprintIsTheOneOpensslPrints() throws Exception {
        OpenSsl openssl = new OpenSsl(folder.getRoot().toPath());
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem");
        Path cert = openssl.selfSigned("key.pem", "cert.pem", "fingerprint");

        String printed = openssl.run("x509", "-in", cert.toString(), "-noout", "-fingerprint", "-sha256").trim();

        String fingerprint = Certificates.sha256Fingerprint(TrustFiles.load(cert).get(0));
        assertEquals(printed.substring(printed.indexOf('=') + 1), fingerprint);
    }

    @Test
    public void describeIsOneLineWithSubjectSansAndExpiry() throws Exception {
        KeyMaterial material = SelfSigned.generate("host.example", List.of("host.example", "10.0.0.1"), Duration.ofDays(10));

        String line = Certificates.describe(material.leaf());

        assertEquals("subject=CN=host.example, SANs=[DNS:host.example, IP:10.0.0.1], expires="
                + material.leaf().getNotAfter().toInstant(), line);
        assertTrue(!line.contains("\n"));
    }

    @Test
    public void expiryCountsCalendarDaysInUtc() throws Exception {
        KeyMaterial material = SelfSigned.generate("host.example", List.of("host.example"), Duration.ofDays(10));
        java.time.Instant notAfter = material.leaf().getNotAfter().toInstant();
        String date = notAfter.toString().substring(0, 10);

        assertEquals(date + " (in 37 days)", Certificates.expiry(material.leaf(), notAfter.minus(Duration.ofDays(37))));
        assertEquals(date + " (in 1 day)", Certificates.expiry(material.leaf(), notAfter.minus(Duration.ofDays(1))));
        assertEquals(date + " (today)", Certificates.expiry(material.leaf(), notAfter));
        assertEquals(date + " (3 days ago)", Certificates.expiry(material.leaf(), notAfter.plus(Duration.ofDays(3))));
        assertEquals(-3, Certificates.daysLeft(material.leaf(), notAfter.plus(Duration.ofDays(3))));
    }
}
