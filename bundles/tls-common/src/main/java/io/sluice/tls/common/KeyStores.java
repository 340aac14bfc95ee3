package io.sluice.tls.common;

import io.sluice.api.tls.KeyMaterial;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;

/** In-memory key stores: the only way to hand loaded keys and anchors to a JSSE-style factory. */
final class KeyStores {

    /** Never written anywhere; the factories merely insist on a password. */
    static final char[] IN_MEMORY_PASSWORD = "sluice".toCharArray();

    /**
     * One PBKDF2 iteration instead of PKCS12's 10,000: the key managers take the key out of the
     * store (decrypting it) at every handshake, which was a third of a server handshake's CPU on
     * JDK 17 (JFR). The store never leaves memory and its password is a constant, so the
     * iterations protected nothing.
     */
    private static final KeyStore.PasswordProtection IN_MEMORY_PROTECTION;

    static {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[20];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        IN_MEMORY_PROTECTION = new KeyStore.PasswordProtection(IN_MEMORY_PASSWORD, "PBEWithHmacSHA256AndAES_256",
                new PBEParameterSpec(salt, 1, new IvParameterSpec(iv)));
    }

    private KeyStores() {
    }

    static KeyStore keyStore(KeyMaterial material) throws GeneralSecurityException {
        KeyStore store = empty();
        store.setEntry("key", new KeyStore.PrivateKeyEntry(material.key(), material.chain().toArray(new Certificate[0])),
                IN_MEMORY_PROTECTION);
        return store;
    }

    /** Null stays null: the factories then use the JDK's system trust store (cacerts). */
    static KeyStore trustStore(List<X509Certificate> anchors) throws GeneralSecurityException {
        if (anchors == null) {
            return null;
        }
        KeyStore store = empty();
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("ca" + i, anchors.get(i));
        }
        return store;
    }

    private static KeyStore empty() throws GeneralSecurityException {
        // The JDK's PKCS12 on purpose: a store only carries the objects, the TLS provider does the work.
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }
}
