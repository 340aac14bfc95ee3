package io.sluice.tls.bc;

import static org.junit.Assert.assertEquals;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.Test;

/** Which JCA provider computes each AEAD that BCJSSE asks for. */
public class JdkAesGcmHelperTest {

    private final JdkAesGcmHelper helper = new JdkAesGcmHelper(new BouncyCastleProvider());

    @Test
    public void aesGcmComesFromTheJdkWithItsIntrinsics() throws Exception {
        assertEquals("SunJCE", helper.createCipher("AES/GCM/NoPadding").getProvider().getName());
    }

    @Test
    public void chaCha20ComesFromBouncyCastleWhichTheJdkDoesNotOfferUnderThatName() throws Exception {
        assertEquals("BC", helper.createCipher("ChaCha7539").getProvider().getName());
    }
}
