package io.sluice.tls.bc;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;

/**
 * Bouncy Castle for everything (ChaCha7539, Poly1305, X25519 ... which the JDK 17 does not offer
 * under BCJSSE's names), except "AES/GCM/NoPadding", taken from the JDK's SunJCE when present.
 * SunJCE is looked up, never registered or reordered.
 */
final class JdkAesGcmHelper extends ProviderJcaJceHelper {

    static final String AES_GCM = "AES/GCM/NoPadding";

    private final Provider jdk = Security.getProvider("SunJCE");

    JdkAesGcmHelper(Provider bouncyCastle) {
        super(bouncyCastle);
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
        if (jdk != null && AES_GCM.equalsIgnoreCase(algorithm)) {
            return Cipher.getInstance(algorithm, jdk);
        }
        return super.createCipher(algorithm);
    }
}
