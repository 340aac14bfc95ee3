package io.sluice.pki;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.sluice.pki.internal.PemFile;

/** Trusted certificates, as stunnel's {@code CAfile} and {@code CApath} name them. */
public final class TrustFiles {

    private TrustFiles() {
    }

    /** Every certificate of a PEM bundle, or the one certificate of a DER file. */
    public static List<X509Certificate> load(Path caFile) throws PkiException {
        byte[] content = KeyFiles.read(caFile, "CA");
        List<X509Certificate> certificates = PemFile.looksLikePem(content)
                ? PemFile.parse(caFile, content).certificates()
                : der(caFile, content);
        if (certificates.isEmpty()) {
            throw new PkiException("no certificate found in " + caFile);
        }
        return certificates;
    }

    /**
     * Every certificate in the regular files of a directory, such as OpenSSL's hashed
     * {@code XXXXXXXX.0} names. Files that are not certificates are skipped; duplicates (a hash link
     * beside the file it points to) count once.
     */
    public static List<X509Certificate> loadDirectory(Path caPath) throws PkiException {
        return DirectoryFiles.loadAll(caPath, "CA", TrustFiles::load);
    }

    private static List<X509Certificate> der(Path file, byte[] content) throws PkiException {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new PkiException("no certificate found in " + file + " (neither PEM nor DER): " + e.getMessage(), e);
        }
    }
}
