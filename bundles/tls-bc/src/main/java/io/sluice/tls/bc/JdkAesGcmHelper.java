package io.sluice.tls.bc;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;

/**
 * Bouncy Castle for everything (ChaCha7539, Poly1305, X25519 ... which the JDK 17 does not offer
 * under BCJSSE's names), except "AES/GCM/NoPadding", "AES/CBC/NoPadding" (AES-NI intrinsics) and
 * HmacSHA256 / HmacSHA384 (SHA intrinsics), taken from the JDK's SunJCE when present. In memory,
 * TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 went from ~38 MB/s (all Bouncy Castle) to ~400 MB/s.
 * SunJCE is looked up, never registered or reordered.
 */
final class JdkAesGcmHelper extends ProviderJcaJceHelper {

    static final String AES_GCM = "AES/GCM/NoPadding";
    /** The CBC suites' cipher (with HMAC): what OpenSSL's ECDHE-PSK peers take over TLS 1.2, having no ECDHE-PSK-GCM. */
    static final String AES_CBC = "AES/CBC/NoPadding";

    private final Provider jdk = Security.getProvider("SunJCE");

    JdkAesGcmHelper(Provider bouncyCastle) {
        super(bouncyCastle);
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
        if (jdk != null && (AES_GCM.equalsIgnoreCase(algorithm) || AES_CBC.equalsIgnoreCase(algorithm))) {
            return Cipher.getInstance(algorithm, jdk);
        }
        return super.createCipher(algorithm);
    }

    /** The CBC suites' HMACs: the JDK's SHA-2 is the faster (intrinsics where the CPU has them). */
    @Override
    public javax.crypto.Mac createMac(String algorithm) throws NoSuchAlgorithmException {
        if (jdk != null && (algorithm.equalsIgnoreCase("HmacSHA256") || algorithm.equalsIgnoreCase("HmacSHA384"))) {
            return javax.crypto.Mac.getInstance(algorithm, jdk);
        }
        return super.createMac(algorithm);
    }
}
