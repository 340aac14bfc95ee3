package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Key material that cannot be used is refused with a message that names the file and the fault. */
public class KeyFilesErrorsTest {

    private static final String PASSWORD = "Corr3ct-Horse";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private OpenSsl openssl;

    @Before
    public void setUp() {
        openssl = new OpenSsl(folder.getRoot().toPath());
    }

    @Test
    public void wrongPasswordForEncryptedPkcs8NamesTheKeyFile() throws Exception {
        Path cert = encryptedPkcs8();
        String message = refused(cert, openssl.file("key.pem"), "Wr0ng-Horse");
        assertTrue(message, message.contains("cannot decrypt the key in " + openssl.file("key.pem")));
        assertTrue(message, message.contains("wrong keyPassword"));
        assertFalse(message, message.contains("Wr0ng-Horse"));
    }

    @Test
    public void missingPasswordForEncryptedPkcs8NamesTheKeyFile() throws Exception {
        Path cert = encryptedPkcs8();
        String message = refused(cert, openssl.file("key.pem"), null);
        assertEquals("key file " + openssl.file("key.pem") + " is encrypted and no keyPassword is set", message);
    }

    @Test
    public void wrongPasswordForLegacyEncryptedKeyNamesTheKeyFile() throws Exception {
        Path cert = legacyEncrypted();
        String message = refused(cert, openssl.file("key.pem"), "Wr0ng-Horse");
        assertTrue(message, message.contains("cannot decrypt the key in " + openssl.file("key.pem")));
        assertFalse(message, message.contains("Wr0ng-Horse"));
    }

    @Test
    public void missingPasswordForLegacyEncryptedKeyNamesTheKeyFile() throws Exception {
        Path cert = legacyEncrypted();
        String message = refused(cert, openssl.file("key.pem"), null);
        assertEquals("key file " + openssl.file("key.pem") + " is encrypted and no keyPassword is set", message);
    }

    @Test
    public void wrongPasswordForPkcs12NamesTheFile() throws Exception {
        Path p12 = pkcs12();
        String message = refused(p12, null, "Wr0ng-Horse");
        assertEquals("cannot open PKCS#12 file " + p12 + ": wrong keyPassword", message);
    }

    @Test
    public void missingPasswordForPkcs12NamesTheFile() throws Exception {
        Path p12 = pkcs12();
        String message = refused(p12, null, null);
        assertEquals("PKCS#12 file " + p12 + " is protected by a password and no keyPassword is set", message);
    }

    @Test
    public void keyOfAnotherCertificateIsRefused() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "other.pem");
        Path cert = openssl.selfSigned("other.pem", "cert.pem", "other");
        String message = refused(cert, openssl.file("key.pem"), null);
        assertEquals("key in " + openssl.file("key.pem") + " does not match the certificate in " + cert, message);
    }

    @Test
    public void ecKeyOfAnotherCertificateIsRefused() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem");
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "other.pem");
        Path cert = openssl.selfSigned("other.pem", "cert.pem", "other");
        String message = refused(cert, openssl.file("key.pem"), null);
        assertEquals("key in " + openssl.file("key.pem") + " does not match the certificate in " + cert, message);
    }

    @Test
    public void ecKeyWithRsaCertificateIsRefused() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem");
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "other.pem");
        Path cert = openssl.selfSigned("other.pem", "cert.pem", "other");
        String message = refused(cert, openssl.file("key.pem"), null);
        assertEquals("key in " + openssl.file("key.pem") + " does not match the certificate in " + cert, message);
    }

    @Test
    public void chainWithTheCaFirstIsRefusedWithAHint() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "ca.key");
        openssl.run("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=CA");
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "leaf.key");
        openssl.run("req", "-new", "-key", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=leaf");
        openssl.run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "leaf.pem", "-days", "30");
        Path bundle = openssl.file("bundle.pem");
        Files.writeString(bundle, Files.readString(openssl.file("ca.pem")) + Files.readString(openssl.file("leaf.pem")));

        String message = refused(bundle, openssl.file("leaf.key"), null);
        assertTrue(message, message.contains("put the leaf certificate first"));
        assertTrue(message, message.contains(bundle.toString()));
    }

    @Test
    public void certificateFileWithoutCertificateIsRefusedNamingIt() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        String message = refused(openssl.file("key.pem"), null, null);
        assertEquals("no certificate found in " + openssl.file("key.pem"), message);
    }

    @Test
    public void certificateFileWithoutKeyNeedsAKeyPath() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        Path cert = openssl.selfSigned("key.pem", "cert.pem", "nokey");
        String message = refused(cert, null, null);
        assertEquals("no private key found in " + cert + " (set key to the key file)", message);
    }

    @Test
    public void keyFileWithoutKeyIsRefusedNamingIt() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        Path cert = openssl.selfSigned("key.pem", "cert.pem", "nokey");
        Path notAKey = Files.copy(cert, openssl.file("not-a-key.pem"));
        String message = refused(cert, notAKey, null);
        assertEquals("no private key found in " + notAKey, message);
    }

    @Test
    public void missingFilesAreNamed() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        Path cert = openssl.selfSigned("key.pem", "cert.pem", "missing");
        assertEquals("certificate file " + openssl.file("nope.pem") + " does not exist",
                refused(openssl.file("nope.pem"), openssl.file("key.pem"), null));
        assertEquals("key file " + openssl.file("nope.key") + " does not exist",
                refused(cert, openssl.file("nope.key"), null));
    }

    @Test
    public void fileThatIsNeitherPemNorPkcs12IsRefusedNamingIt() throws Exception {
        Path junk = folder.newFile("junk.crt").toPath();
        Files.write(junk, new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
        String message = refused(junk, null, null);
        assertTrue(message, message.startsWith(junk + " is neither PEM nor a readable PKCS#12 file"));
    }

    private Path encryptedPkcs8() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "plain.pem");
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem", "-passout", "pass:" + PASSWORD);
        return openssl.selfSigned("plain.pem", "cert.pem", "enc");
    }

    private Path legacyEncrypted() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "plain.pem", "2048");
        openssl.run("rsa", "-in", "plain.pem", "-aes256", "-passout", "pass:" + PASSWORD, "-traditional", "-out", "key.pem");
        return openssl.selfSigned("plain.pem", "cert.pem", "legacy");
    }

    private Path pkcs12() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "p12");
        openssl.run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "server.p12", "-passout", "pass:" + PASSWORD);
        return openssl.file("server.p12");
    }

    private static String refused(Path cert, Path key, String password) {
        PkiException e = assertThrows(PkiException.class,
                () -> KeyFiles.load(cert, key, password == null ? null : password.toCharArray()));
        assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        return e.getMessage();
    }
}
