package io.sluice.tls.jsse.common;

import io.sluice.api.tls.KeyMaterial;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** In-memory key stores: the only way to hand loaded keys and anchors to a JSSE-style factory. */
final class KeyStores {

    /** Never written anywhere; the factories merely insist on a password. */
    static final char[] IN_MEMORY_PASSWORD = "sluice".toCharArray();

    private KeyStores() {
    }

    static KeyStore keyStore(KeyMaterial material) throws GeneralSecurityException {
        KeyStore store = empty();
        store.setKeyEntry("key", material.key(), IN_MEMORY_PASSWORD, material.chain().toArray(new Certificate[0]));
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
