package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.api.tls.KeyMaterial;

/** Every key and certificate layout openssl produces loads, with the key matching its certificate. */
public class KeyFilesFormatsTest {

    private static final char[] PASSWORD = "secret".toCharArray();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private OpenSsl openssl;

    @Before
    public void setUp() {
        openssl = new OpenSsl(folder.getRoot().toPath());
    }

    @Test
    public void pkcs1RsaKeyLoads() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "key.pem", "2048");
        assertHeader("key.pem", "BEGIN RSA PRIVATE KEY");
        assertLoads(openssl.selfSigned("key.pem", "cert.pem", "rsa1"), openssl.file("key.pem"), null, "RSA");
    }

    @Test
    public void pkcs8RsaKeyLoads() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        assertHeader("key.pem", "BEGIN PRIVATE KEY");
        assertLoads(openssl.selfSigned("key.pem", "cert.pem", "rsa8"), openssl.file("key.pem"), null, "RSA");
    }

    @Test
    public void sec1EcKeyLoads() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem");
        assertHeader("key.pem", "BEGIN EC PRIVATE KEY");
        assertLoads(openssl.selfSigned("key.pem", "cert.pem", "ec"), openssl.file("key.pem"), null, "EC");
    }

    @Test
    public void sec1EcKeyAfterAnEcParametersBlockLoads() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-out", "key.pem");
        assertHeader("key.pem", "BEGIN EC PARAMETERS");
        assertLoads(openssl.selfSigned("key.pem", "cert.pem", "ec"), openssl.file("key.pem"), null, "EC");
    }

    @Test
    public void encryptedPkcs8KeyLoadsWithItsPassword() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "plain.pem");
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem", "-passout", "pass:secret");
        assertHeader("key.pem", "BEGIN ENCRYPTED PRIVATE KEY");
        assertLoads(openssl.selfSigned("plain.pem", "cert.pem", "enc8"), openssl.file("key.pem"), PASSWORD, "RSA");
    }

    @Test
    public void encryptedPkcs8EcKeyLoadsWithItsPassword() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "plain.pem");
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem", "-passout", "pass:secret");
        assertHeader("key.pem", "BEGIN ENCRYPTED PRIVATE KEY");
        assertLoads(openssl.selfSigned("plain.pem", "cert.pem", "enc8ec"), openssl.file("key.pem"), PASSWORD, "EC");
    }

    @Test
    public void legacyEncryptedRsaKeyLoadsWithItsPassword() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "plain.pem", "2048");
        openssl.run("rsa", "-in", "plain.pem", "-aes256", "-passout", "pass:secret", "-traditional", "-out", "key.pem");
        assertHeader("key.pem", "Proc-Type: 4,ENCRYPTED");
        assertLoads(openssl.selfSigned("plain.pem", "cert.pem", "legacy"), openssl.file("key.pem"), PASSWORD, "RSA");
    }

    @Test
    public void legacyEncryptedEcKeyLoadsWithItsPassword() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "plain.pem");
        openssl.run("ec", "-in", "plain.pem", "-aes256", "-passout", "pass:secret", "-out", "key.pem");
        assertHeader("key.pem", "Proc-Type: 4,ENCRYPTED");
        assertLoads(openssl.selfSigned("plain.pem", "cert.pem", "legacyec"), openssl.file("key.pem"), PASSWORD, "EC");
    }

    @Test
    public void keyInTheCertificateFileLoadsWithoutAKeyPath() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "key.pem", "2048");
        Path cert = openssl.selfSigned("key.pem", "cert.pem", "combined");
        Path combined = openssl.file("combined.pem");
        Files.writeString(combined, Files.readString(cert) + Files.readString(openssl.file("key.pem")));
        assertLoads(combined, null, null, "RSA");
    }

    @Test
    public void pkcs12WithPasswordLoads() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "p12");
        openssl.run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "server.p12", "-passout", "pass:secret");
        assertLoads(openssl.file("server.p12"), null, PASSWORD, "RSA");
    }

    @Test
    public void pkcs12WithEmptyPasswordLoadsWithoutPassword() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "p12empty");
        openssl.run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "server.pfx", "-passout", "pass:");
        assertLoads(openssl.file("server.pfx"), null, null, "EC");
    }

    @Test
    public void pkcs12IsRecognisedByContentWhateverItsName() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "p12");
        openssl.run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "server.crt", "-passout", "pass:secret");
        assertLoads(openssl.file("server.crt"), null, PASSWORD, "RSA");
    }

    @Test
    public void caSignedChainKeepsTheLeafFirst() throws Exception {
        Path bundle = caSignedLeaf();
        Files.writeString(bundle, Files.readString(openssl.file("leaf.pem")) + Files.readString(openssl.file("ca.pem")));

        KeyMaterial material = KeyFiles.load(bundle, openssl.file("leaf.key"), null);

        assertEquals(2, material.chain().size());
        assertEquals("CN=leaf", material.chain().get(0).getSubjectX500Principal().getName());
        assertEquals("CN=Test CA", material.chain().get(1).getSubjectX500Principal().getName());
    }

    @Test
    public void pkcs12ChainKeepsTheLeafFirst() throws Exception {
        caSignedLeaf();
        openssl.run("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem",
                "-out", "chain.p12", "-passout", "pass:secret");

        KeyMaterial material = KeyFiles.load(openssl.file("chain.p12"), null, PASSWORD);

        assertEquals(2, material.chain().size());
        assertEquals("CN=leaf", material.chain().get(0).getSubjectX500Principal().getName());
        assertEquals("CN=Test CA", material.chain().get(1).getSubjectX500Principal().getName());
    }

    @Test
    public void loadedKeyServesATlsHandshakeWithSunJsse() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "plain.pem", "2048");
        openssl.run("rsa", "-in", "plain.pem", "-aes256", "-passout", "pass:secret", "-traditional", "-out", "key.pem");
        KeyMaterial material = KeyFiles.load(openssl.selfSigned("plain.pem", "cert.pem", "localhost"), openssl.file("key.pem"), PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", material.key(), new char[0], material.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(keys, new char[0]);
        SSLContext serverContext = SSLContext.getInstance("TLS", "SunJSSE");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", material.leaf());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS", "SunJSSE");
        clientContext.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.getOutputStream().write(accepted.getInputStream().read());
                    accepted.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write('x');
                out.flush();
                InputStream in = client.getInputStream();
                assertEquals('x', in.read());
                assertEquals(material.leaf(), client.getSession().getPeerCertificates()[0]);
            }
            echo.get(10, TimeUnit.SECONDS);
        }
    }

    /** ca.pem/ca.key and leaf.pem/leaf.key, the leaf signed by the CA. Returns the path for a bundle. */
    private Path caSignedLeaf() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "ca.key");
        openssl.run("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Test CA");
        openssl.run("genpkey", "-algorithm", "RSA", "-out", "leaf.key");
        openssl.run("req", "-new", "-key", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=leaf");
        openssl.run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "leaf.pem", "-days", "30");
        return openssl.file("bundle.pem");
    }

    private void assertHeader(String file, String expected) throws Exception {
        assertTrue(file + " should contain " + expected, Files.readString(openssl.file(file)).contains(expected));
    }

    private static void assertLoads(Path cert, Path key, char[] password, String algorithm) throws Exception {
        KeyMaterial material = KeyFiles.load(cert, key, password);

        assertEquals(algorithm, material.key().getAlgorithm());
        assertFalse("key must be a JDK key for SunJSSE, was " + material.key().getClass().getName(),
                material.key().getClass().getName().startsWith("org.bouncycastle"));
        X509Certificate leaf = material.leaf();
        assertFalse(leaf.getClass().getName().startsWith("org.bouncycastle"));
        assertTrue("key must match the leaf certificate", signsForCertificate(material.key(), leaf));
    }

    private static boolean signsForCertificate(PrivateKey key, X509Certificate certificate) throws Exception {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate);
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }
}
