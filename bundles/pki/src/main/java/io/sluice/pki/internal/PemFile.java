package io.sluice.pki.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import io.sluice.pki.PkiException;

/**
 * The blocks of a PEM file that matter here: certificates in file order and the first private key.
 * Other blocks (DH or EC parameters, which stunnel allows in a cert file) are skipped rather than
 * refused, and so is any text between blocks.
 */
public record PemFile(List<X509Certificate> certificates, PemObject key) {

    private static final Set<String> CERTIFICATE_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE");
    private static final Set<String> KEY_TYPES = Set.of(
            "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY");

    public static boolean looksLikePem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    public static PemFile parse(Path file, byte[] content) throws PkiException {
        List<X509Certificate> certificates = new ArrayList<>();
        PemObject key = null;
        try (PemReader reader = new PemReader(new StringReader(new String(content, StandardCharsets.ISO_8859_1)))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                String type = block.getType();
                if (CERTIFICATE_TYPES.contains(type)) {
                    certificates.add(certificate(file, block.getContent()));
                } else if ("TRUSTED CERTIFICATE".equals(type)) {
                    X509CertificateHolder holder = new X509TrustedCertificateBlock(block.getContent()).getCertificateHolder();
                    certificates.add(certificate(file, holder.getEncoded()));
                } else if (KEY_TYPES.contains(type) && key == null) {
                    key = block;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(file + " is not a valid PEM file: " + e.getMessage(), e);
        }
        return new PemFile(List.copyOf(certificates), key);
    }

    /** Parsed by the JDK so that the certificates are the ones SunJSSE works with. */
    public static X509Certificate certificate(Path file, byte[] der) throws PkiException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new PkiException("bad certificate in " + file + ": " + e.getMessage(), e);
        }
    }
}
