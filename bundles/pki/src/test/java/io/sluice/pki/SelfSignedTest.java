package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.api.tls.KeyMaterial;

/** A generated certificate is what openssl and the loader expect, and its key file stays private. */
public class SelfSignedTest {

    private static final List<String> NAMES = List.of("localhost", "sluice.example", "127.0.0.1", "::1");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private OpenSsl openssl;
    private Path cert;
    private Path key;

    @Before
    public void setUp() {
        openssl = new OpenSsl(folder.getRoot().toPath());
        cert = openssl.file("sluice.crt");
        key = openssl.file("sluice.key");
    }

    @Test
    public void writtenPairLoadsBackThroughKeyFiles() throws Exception {
        KeyMaterial generated = SelfSigned.generate("sluice.example", NAMES, Duration.ofDays(30));
        SelfSigned.writePem(generated, cert, key);

        KeyMaterial loaded = KeyFiles.load(cert, key, null);

        assertEquals(generated.chain(), loaded.chain());
        assertEquals(generated.key(), loaded.key());
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }

    @Test
    public void opensslShowsTheSansAndAServerAndClientCertificate() throws Exception {
        SelfSigned.writePem(SelfSigned.generate("sluice.example", NAMES, Duration.ofDays(30)), cert, key);

        String text = openssl.run("x509", "-in", cert.toString(), "-noout", "-text");

        assertTrue(text, text.contains(
                "DNS:localhost, DNS:sluice.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"));
        assertTrue(text, text.contains("Subject: CN = sluice.example"));
        assertTrue(text, text.contains("CA:FALSE"));
        assertTrue(text, text.contains("Digital Signature"));
        assertTrue(text, text.contains("TLS Web Server Authentication, TLS Web Client Authentication"));
        assertTrue(text, text.contains("ecdsa-with-SHA256"));
        assertTrue(text, text.contains("prime256v1"));
    }

    @Test
    public void opensslAcceptsTheKeyAsTheCertificatesKey() throws Exception {
        SelfSigned.writePem(SelfSigned.generate("sluice.example", NAMES, Duration.ofDays(30)), cert, key);

        String fromKey = openssl.run("pkey", "-in", key.toString(), "-pubout");
        String fromCert = openssl.run("x509", "-in", cert.toString(), "-noout", "-pubkey");

        assertEquals(fromCert, fromKey);
    }

    @Test
    public void keyFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(folder.getRoot().toPath()).supportsFileAttributeView("posix"));
        SelfSigned.writePem(SelfSigned.generate("sluice.example", NAMES, Duration.ofDays(30)), cert, key);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
    }

    @Test
    public void rewritingReplacesTheFilesAndLeavesNoTemporaryFiles() throws Exception {
        SelfSigned.writePem(SelfSigned.generate("first", NAMES, Duration.ofDays(30)), cert, key);
        KeyMaterial second = SelfSigned.generate("second", NAMES, Duration.ofDays(30));
        SelfSigned.writePem(second, cert, key);

        assertEquals(second.leaf(), KeyFiles.load(cert, key, null).leaf());
        try (Stream<Path> files = Files.list(folder.getRoot().toPath())) {
            assertEquals(List.of("sluice.crt", "sluice.key"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    public void sameCertAndKeyPathWritesOneFileThatLoadsAlone() throws Exception {
        KeyMaterial generated = SelfSigned.generate("combined", NAMES, Duration.ofDays(30));
        SelfSigned.writePem(generated, cert, cert);

        assertEquals(generated.leaf(), KeyFiles.load(cert, null, null).leaf());
    }

    @Test
    public void validityIsBackdatedAnHourAndSerialIsPositive() throws Exception {
        Instant before = Instant.now();
        KeyMaterial generated = SelfSigned.generate("sluice.example", NAMES, Duration.ofDays(825));

        Instant notBefore = generated.leaf().getNotBefore().toInstant();
        Instant notAfter = generated.leaf().getNotAfter().toInstant();
        assertTrue(notBefore.isBefore(before.minus(Duration.ofMinutes(59))));
        assertTrue(notBefore.isAfter(before.minus(Duration.ofMinutes(61))));
        assertEquals(825, Duration.between(before, notAfter).plusMinutes(1).toDays());
        BigInteger serial = generated.leaf().getSerialNumber();
        assertTrue(serial.signum() > 0 && serial.bitLength() <= 128);
        assertEquals(-1, generated.leaf().getBasicConstraints());
    }
}
