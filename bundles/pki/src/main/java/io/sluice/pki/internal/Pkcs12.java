package io.sluice.pki.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.PkiException;

/** Key and chain from a PKCS#12 file, read by the JDK's own key store so the key suits SunJSSE. */
public final class Pkcs12 {

    private Pkcs12() {
    }

    /** Opens the file with the password, or with an empty one when none is given (as stunnel does). */
    public static KeyMaterial load(Path file, byte[] content, char[] password) throws PkiException {
        char[] secret = password == null ? new char[0] : password;
        KeyStore store = open(file, content, secret);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, secret);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate certificate : chain) {
                    certificates.add((X509Certificate) certificate);
                }
                return new KeyMaterial(privateKey, certificates);
            }
        } catch (UnrecoverableKeyException e) {
            throw new PkiException("cannot decrypt the key in PKCS#12 file " + file
                    + ": its key password differs from the file password", e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
        throw new PkiException("no private key with a certificate found in PKCS#12 file " + file);
    }

    private static KeyStore open(Path file, byte[] content, char[] password) throws PkiException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new PkiException(password.length == 0
                        ? "PKCS#12 file " + file + " is protected by a password and no keyPassword is set"
                        : "cannot open PKCS#12 file " + file + ": wrong keyPassword", e);
            }
            throw new PkiException(file + " is neither PEM nor a readable PKCS#12 file: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }
}
