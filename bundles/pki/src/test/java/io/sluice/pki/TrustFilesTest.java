package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** CAfile and CApath contents are read the way OpenSSL lays them out. */
public class TrustFilesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private OpenSsl openssl;

    @Before
    public void setUp() throws Exception {
        openssl = new OpenSsl(folder.getRoot().toPath());
        for (String name : List.of("one", "two")) {
            openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", name + ".key");
            openssl.selfSigned(name + ".key", name + ".pem", "CA " + name);
        }
    }

    @Test
    public void pemBundleLoadsEveryCertificateInFileOrder() throws Exception {
        Path bundle = openssl.file("bundle.pem");
        Files.writeString(bundle, "Some text openssl puts before a block\n"
                + Files.readString(openssl.file("one.pem")) + Files.readString(openssl.file("two.pem")));

        assertEquals(List.of("CN=CA one", "CN=CA two"), subjects(TrustFiles.load(bundle)));
    }

    @Test
    public void derCertificateLoads() throws Exception {
        openssl.run("x509", "-in", "one.pem", "-outform", "DER", "-out", "one.der");

        assertEquals(List.of("CN=CA one"), subjects(TrustFiles.load(openssl.file("one.der"))));
    }

    @Test
    public void fileWithoutCertificateIsRefusedNamingIt() {
        PkiException e = assertThrows(PkiException.class, () -> TrustFiles.load(openssl.file("one.key")));
        assertEquals("no certificate found in " + openssl.file("one.key"), e.getMessage());
    }

    @Test
    public void directoryWithHashedNamesLoadsItsCertificatesAndSkipsOtherFiles() throws Exception {
        Path dir = folder.newFolder("certs").toPath();
        for (String name : List.of("one", "two")) {
            String hash = openssl.run("x509", "-in", name + ".pem", "-noout", "-hash").trim();
            Files.copy(openssl.file(name + ".pem"), dir.resolve(hash + ".0"));
        }
        Files.writeString(dir.resolve("README"), "not a certificate\n");
        Files.copy(openssl.file("one.key"), dir.resolve("one.key"));
        Files.createDirectory(dir.resolve("subdir"));

        List<String> subjects = subjects(TrustFiles.loadDirectory(dir));

        assertEquals(2, subjects.size());
        assertTrue(subjects.containsAll(List.of("CN=CA one", "CN=CA two")));
    }

    @Test
    public void hashLinksMadeByOpensslRehashCountOnce() throws Exception {
        Path dir = folder.newFolder("rehashed").toPath();
        Files.copy(openssl.file("one.pem"), dir.resolve("one.pem"));
        Files.copy(openssl.file("two.pem"), dir.resolve("two.pem"));
        openssl.run("rehash", dir.toString());

        assertEquals(2, TrustFiles.loadDirectory(dir).size());
    }

    @Test
    public void directoryWithoutCertificatesIsRefusedNamingIt() throws Exception {
        Path dir = folder.newFolder("empty").toPath();
        Files.writeString(dir.resolve("README"), "nothing here\n");

        PkiException e = assertThrows(PkiException.class, () -> TrustFiles.loadDirectory(dir));
        assertEquals("no certificate found in any file of CA directory " + dir, e.getMessage());
    }

    @Test
    public void missingDirectoryIsRefusedNamingIt() {
        Path dir = folder.getRoot().toPath().resolve("absent");
        PkiException e = assertThrows(PkiException.class, () -> TrustFiles.loadDirectory(dir));
        assertTrue(e.getMessage(), e.getMessage().contains(dir.toString()));
    }

    private static List<String> subjects(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
    }
}
