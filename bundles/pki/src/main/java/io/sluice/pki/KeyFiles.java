package io.sluice.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.internal.KeyMatch;
import io.sluice.pki.internal.PemFile;
import io.sluice.pki.internal.PemKeys;
import io.sluice.pki.internal.Pkcs12;

/**
 * Loads a private key and its certificate chain the way stunnel's {@code cert}, {@code key} and
 * {@code keyPassword} options describe them.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * @param cert     PEM chain, leaf first (it may also hold the key), or a PKCS#12 file holding key
     *                 and chain (recognised by a .p12/.pfx name or by not being PEM)
     * @param key      PEM private key; null reads the key from {@code cert}, as stunnel's key defaults
     *                 to cert
     * @param password for an encrypted key or a PKCS#12 file; may be null
     * @return the key as a plain JDK key, with the chain leaf first
     * @throws PkiException naming the file when something cannot be read, decrypted or does not match
     */
    public static KeyMaterial load(Path cert, Path key, char[] password) throws PkiException {
        byte[] certContent = read(cert, "certificate");
        if (isPkcs12(cert, certContent)) {
            if (key != null && !key.equals(cert)) {
                throw new PkiException("PKCS#12 file " + cert + " holds its own key: do not also set key (" + key + ")");
            }
            KeyMaterial material = Pkcs12.load(cert, certContent, password);
            checkMatch(material.key(), material.chain(), cert, cert);
            return material;
        }

        PemFile certFile = PemFile.parse(cert, certContent);
        if (certFile.certificates().isEmpty()) {
            throw new PkiException("no certificate found in " + cert);
        }
        Path keyPath = key == null ? cert : key;
        PemFile keyFile = keyPath.equals(cert) ? certFile : PemFile.parse(keyPath, read(keyPath, "key"));
        if (keyFile.key() == null) {
            throw new PkiException(keyPath.equals(cert)
                    ? "no private key found in " + cert + " (set key to the key file)"
                    : "no private key found in " + keyPath);
        }
        PrivateKey privateKey = PemKeys.toPrivateKey(keyPath, keyFile.key(), password);
        checkMatch(privateKey, certFile.certificates(), cert, keyPath);
        return new KeyMaterial(privateKey, certFile.certificates());
    }

    private static boolean isPkcs12(Path file, byte[] content) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx") || !PemFile.looksLikePem(content);
    }

    private static void checkMatch(PrivateKey key, List<X509Certificate> chain, Path cert, Path keyPath)
            throws PkiException {
        if (KeyMatch.matches(key, chain.get(0))) {
            return;
        }
        // A file with the CA first is a common mistake; say so instead of a bare mismatch.
        for (X509Certificate other : chain.subList(1, chain.size())) {
            if (KeyMatch.matches(key, other)) {
                throw new PkiException("key in " + keyPath + " matches a certificate in " + cert
                        + " that is not the first: put the leaf certificate first");
            }
        }
        throw new PkiException("key in " + keyPath + " does not match the certificate in " + cert);
    }

    static byte[] read(Path file, String what) throws PkiException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException(what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new PkiException("cannot read " + what + " file " + file + ": " + e, e);
        }
    }
}
