package io.sluice.pki.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.Certificates;
import io.sluice.pki.KeyFiles;
import io.sluice.pki.PkiException;
import io.sluice.pki.SelfSigned;

/** A fresh installation gets a certificate once; an existing one is used as it is. */
public class DefaultCertificateComponentTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private String savedEtc;
    private Path etc;

    @Before
    public void pointKarafEtcAtATemporaryFolder() throws Exception {
        savedEtc = System.getProperty("karaf.etc");
        etc = folder.newFolder("etc").toPath();
        System.setProperty("karaf.etc", etc.toString());
    }

    @After
    public void restoreKarafEtc() {
        if (savedEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", savedEtc);
        }
    }

    @Test
    public void firstActivationGeneratesALoadableSelfSignedPair() throws Exception {
        DefaultCertificateComponent component = new DefaultCertificateComponent();
        String log = capturingStderr(() -> component.activate(config("", "")));

        assertEquals(etc.resolve("sluice.crt"), component.certificate());
        assertEquals(etc.resolve("sluice.key"), component.key());
        KeyMaterial material = KeyFiles.load(component.certificate(), component.key(), null);
        List<String> sans = Certificates.subjectAltNames(material.leaf());
        assertTrue(sans.toString(), sans.containsAll(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1")));
        assertEquals(825, Duration.between(Instant.now(), material.leaf().getNotAfter().toInstant()).plusMinutes(1).toDays());
        assertTrue(log, log.contains("Generated self-signed certificate " + etc.resolve("sluice.crt")
                + " (SHA-256 " + Certificates.sha256Fingerprint(material.leaf()) + ") for [localhost, "));
    }

    @Test
    public void secondActivationLeavesTheExistingFilesUntouched() throws Exception {
        new DefaultCertificateComponent().activate(config("", ""));
        Path cert = etc.resolve("sluice.crt");
        Path key = etc.resolve("sluice.key");
        byte[] certBefore = Files.readAllBytes(cert);
        byte[] keyBefore = Files.readAllBytes(key);
        FileTime modifiedBefore = Files.getLastModifiedTime(cert);

        DefaultCertificateComponent second = new DefaultCertificateComponent();
        String log = capturingStderr(() -> second.activate(config("", "")));

        assertArrayEquals(certBefore, Files.readAllBytes(cert));
        assertArrayEquals(keyBefore, Files.readAllBytes(key));
        assertEquals(modifiedBefore, Files.getLastModifiedTime(cert));
        assertTrue(log, log.contains("Default certificate is " + cert));
        assertFalse(log, log.contains("Generated"));
    }

    @Test
    public void configuredPathsAreResolvedAgainstEtc() throws Exception {
        DefaultCertificateComponent component = new DefaultCertificateComponent();
        component.activate(config("tls/server.pem", "tls/server.key"));

        assertEquals(etc.resolve("tls/server.pem"), component.certificate());
        assertEquals(etc.resolve("tls/server.key"), component.key());
        KeyFiles.load(component.certificate(), component.key(), null);
    }

    @Test
    public void configuredCertificateAloneAlsoHoldsTheKey() throws Exception {
        SelfSigned.writePem(SelfSigned.generate("combined", List.of("localhost"), Duration.ofDays(5)),
                etc.resolve("combined.pem"), etc.resolve("combined.pem"));

        DefaultCertificateComponent component = new DefaultCertificateComponent();
        component.activate(config("combined.pem", ""));

        assertEquals(etc.resolve("combined.pem"), component.key());
        assertFalse(Files.exists(etc.resolve("sluice.key")));
    }

    @Test
    public void certificateWithoutItsKeyFailsActivationAndIsNotOverwritten() throws Exception {
        Path cert = etc.resolve("sluice.crt");
        Files.writeString(cert, "the operator's certificate\n");

        PkiException e = assertThrows(PkiException.class, () -> new DefaultCertificateComponent().activate(config("", "")));

        assertTrue(e.getMessage(), e.getMessage().contains(etc.resolve("sluice.key") + " is missing"));
        assertEquals("the operator's certificate\n", Files.readString(cert));
        assertFalse(Files.exists(etc.resolve("sluice.key")));
    }

    @Test
    public void unusableExistingPairFailsActivationWithTheReason() throws Exception {
        SelfSigned.writePem(SelfSigned.generate("one", List.of("localhost"), Duration.ofDays(5)),
                etc.resolve("sluice.crt"), etc.resolve("one.key"));
        SelfSigned.writePem(SelfSigned.generate("two", List.of("localhost"), Duration.ofDays(5)),
                etc.resolve("two.crt"), etc.resolve("sluice.key"));

        DefaultCertificateComponent component = new DefaultCertificateComponent();
        String[] message = new String[1];
        String log = capturingStderr(() -> message[0] = assertThrows(PkiException.class,
                () -> component.activate(config("", ""))).getMessage());

        assertTrue(message[0], message[0].contains("does not match the certificate in " + etc.resolve("sluice.crt")));
        assertTrue(log, log.contains("No default certificate: " + message[0]));
    }

    private static DefaultCertificateComponent.Config config(String cert, String key) {
        return new DefaultCertificateComponent.Config() {
            @Override
            public String cert() {
                return cert;
            }

            @Override
            public String key() {
                return key;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DefaultCertificateComponent.Config.class;
            }
        };
    }

    private interface Action {
        void run() throws Exception;
    }

    /** slf4j-simple writes to whatever System.err is when it logs, so the log lines can be read back. */
    private static String capturingStderr(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}
