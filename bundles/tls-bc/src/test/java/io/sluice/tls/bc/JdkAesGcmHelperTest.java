package io.sluice.tls.bc;

import static org.junit.Assert.assertEquals;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.Test;

/** Which JCA provider computes each cipher and MAC that Bouncy Castle's TLS asks for. */
public class JdkAesGcmHelperTest {

    private final JdkAesGcmHelper helper = new JdkAesGcmHelper(new BouncyCastleProvider());

    @Test
    public void aesGcmComesFromTheJdkWithItsIntrinsics() throws Exception {
        assertEquals("SunJCE", helper.createCipher("AES/GCM/NoPadding").getProvider().getName());
    }

    @Test
    public void aesCbcComesFromTheJdkToo() throws Exception {
        assertEquals("SunJCE", helper.createCipher("AES/CBC/NoPadding").getProvider().getName());
    }

    @Test
    public void tlsHmacsComeFromTheJdk() throws Exception {
        assertEquals("SunJCE", helper.createMac("HmacSHA256").getProvider().getName());
        assertEquals("SunJCE", helper.createMac("HmacSHA384").getProvider().getName());
        assertEquals("BC", helper.createMac("HmacSHA1").getProvider().getName());
    }

    @Test
    public void chaCha20ComesFromBouncyCastleWhichTheJdkDoesNotOfferUnderThatName() throws Exception {
        assertEquals("BC", helper.createCipher("ChaCha7539").getProvider().getName());
    }
}
