package io.sluice.tls.bc;

import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * BCJSSE's crypto with every algorithm from a private Bouncy Castle provider instance except
 * AES-GCM, which the JDK computes with its AES-NI/CLMUL intrinsics (BC's pure-Java AES is ~25x
 * slower). See {@link JdkAesGcmHelper}.
 */
final class JdkAesGcmCryptoProvider extends JcaTlsCryptoProvider {

    private final JdkAesGcmHelper helper = new JdkAesGcmHelper(new BouncyCastleProvider());

    @Override
    public JcaTlsCrypto create(SecureRandom random) {
        return create(random, new SecureRandom());
    }

    /** SSLContext.init(..., null) passes no random: the JDK's default then, as SunJSSE does. */
    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        // JcaTlsCrypto's constructor is protected: an empty subclass is the documented way in.
        return new JcaTlsCrypto(helper, keyRandom == null ? new SecureRandom() : keyRandom,
                nonceRandom == null ? new SecureRandom() : nonceRandom) {
        };
    }
}
