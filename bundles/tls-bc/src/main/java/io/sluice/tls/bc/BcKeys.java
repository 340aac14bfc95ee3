package io.sluice.tls.bc;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;

/**
 * EC keys as Bouncy Castle's own, translated once per key (by its encoding: a key manager may
 * hand out a new object for the same key) and kept, a few at a time: a tunnel signs with one key,
 * and verifies a handful of peers' again and again.
 */
final class BcKeys {

    private static final int KEPT = 64;

    private final KeyFactory factory;
    private final Map<ByteBuffer, Key> translated = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Key> eldest) {
            return size() > KEPT;
        }
    };

    BcKeys(Provider bc) {
        try {
            factory = KeyFactory.getInstance("EC", bc);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle has EC keys", e);
        }
    }

    @SuppressWarnings("unchecked")
    <K extends Key> K translate(K key) throws InvalidKeyException {
        if (!(key instanceof ECKey) || key instanceof BCECPrivateKey || key instanceof BCECPublicKey
                || key.getEncoded() == null) {
            return key; // BC's already, or not EC / not exportable: BC decides (the JCA then tries the next provider)
        }
        ByteBuffer encoded = ByteBuffer.wrap(key.getEncoded());
        synchronized (translated) {
            Key known = translated.get(encoded);
            if (known == null) {
                known = factory.translateKey(key);
                translated.put(encoded, known);
            }
            return (K) known;
        }
    }
}
