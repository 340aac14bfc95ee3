package io.sluice.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import io.sluice.pki.internal.PemFile;

/** Certificate revocation lists, as stunnel's {@code CRLfile} and {@code CRLpath} name them. */
public final class CrlFiles {

    private CrlFiles() {
    }

    /** Every CRL of a PEM file ({@code X509 CRL} blocks, text between them skipped), or the one CRL of a DER file. */
    public static List<X509CRL> load(Path crlFile) throws PkiException {
        byte[] content = KeyFiles.read(crlFile, "CRL");
        List<X509CRL> crls = PemFile.looksLikePem(content) ? pem(crlFile, content) : List.of(der(crlFile, content));
        if (crls.isEmpty()) {
            throw new PkiException("no CRL found in " + crlFile);
        }
        return crls;
    }

    /**
     * Every CRL in the regular files of a directory: OpenSSL's hashed {@code XXXXXXXX.r0} names as well as
     * plain {@code *.pem} / {@code *.crl} files. Other files are skipped (a CApath may share the directory);
     * duplicates count once. A directory without any CRL is refused: the operator meant to check something.
     */
    public static List<X509CRL> loadDirectory(Path crlPath) throws PkiException {
        return DirectoryFiles.loadAll(crlPath, "CRL", CrlFiles::load);
    }

    private static List<X509CRL> pem(Path file, byte[] content) throws PkiException {
        List<X509CRL> crls = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(new String(content, StandardCharsets.ISO_8859_1)))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if ("X509 CRL".equals(block.getType())) {
                    crls.add(der(file, block.getContent()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(file + " is not a valid PEM file: " + e.getMessage(), e);
        }
        return crls;
    }

    /** Parsed by the JDK, like the certificates, so that every provider checks the same objects. */
    private static X509CRL der(Path file, byte[] der) throws PkiException {
        try {
            CRL crl = CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            return (X509CRL) crl;
        } catch (CertificateException | CRLException | RuntimeException e) {
            throw new PkiException("bad CRL in " + file + ": " + e.getMessage(), e);
        }
    }
}
