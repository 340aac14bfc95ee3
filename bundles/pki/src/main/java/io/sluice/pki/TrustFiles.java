package io.sluice.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.pki.internal.PemFile;

/** Trusted certificates, as stunnel's {@code CAfile} and {@code CApath} name them. */
public final class TrustFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TrustFiles.class);

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
        if (!Files.isDirectory(caPath)) {
            throw new PkiException("CA directory " + caPath + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(caPath)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PkiException("cannot list CA directory " + caPath + ": " + e, e);
        }
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        for (Path file : files) {
            try {
                certificates.addAll(load(file));
            } catch (PkiException e) {
                LOG.debug("Skipping {} in CA directory: {}", file, e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new PkiException("no certificate found in any file of CA directory " + caPath);
        }
        return List.copyOf(certificates);
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
