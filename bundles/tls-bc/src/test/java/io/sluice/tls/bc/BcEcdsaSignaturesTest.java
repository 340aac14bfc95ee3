package io.sluice.tls.bc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.After;
import org.junit.Test;

public class BcEcdsaSignaturesTest {

    private final BcEcdsaSignatures component = new BcEcdsaSignatures();

    @After
    public void deactivate() {
        component.deactivate();
    }

    private static KeyPair jdkKey(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static byte[] sign(String algorithm, KeyPair key, StringBuilder provider) throws Exception {
        Signature signature = Signature.getInstance(algorithm); // as SunJSSE asks: any provider, chosen at initSign
        signature.initSign(key.getPrivate());
        signature.update("transcript".getBytes(StandardCharsets.US_ASCII));
        byte[] signed = signature.sign();
        provider.append(signature.getProvider().getName());
        return signed;
    }

    @Test
    public void whileActiveTheJdksOwnEcKeysAreSignedByBouncyCastleAndTheJdkVerifiesTheSignatures() throws Exception {
        component.activate();
        for (String[] pair : new String[][] {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"},
                {"secp521r1", "SHA512withECDSA"}}) {
            KeyPair key = jdkKey(pair[0]);
            StringBuilder provider = new StringBuilder();
            byte[] signed = sign(pair[1], key, provider);
            assertEquals(pair[1], BcEcdsaSignatures.PROVIDER, provider.toString());
            Signature jdk = Signature.getInstance(pair[1], "SunEC");
            jdk.initVerify(key.getPublic());
            jdk.update("transcript".getBytes(StandardCharsets.US_ASCII));
            assertTrue(pair[1] + " verifies with the JDK", jdk.verify(signed));

            Signature jdkSigner = Signature.getInstance(pair[1], "SunEC");
            jdkSigner.initSign(key.getPrivate());
            jdkSigner.update("other".getBytes(StandardCharsets.US_ASCII));
            byte[] byJdk = jdkSigner.sign();
            Signature ours = Signature.getInstance(pair[1]);
            ours.initVerify(key.getPublic());
            ours.update("other".getBytes(StandardCharsets.US_ASCII));
            assertTrue(pair[1] + ": the JDK's signature verifies with BC", ours.verify(byJdk));
            assertEquals(BcEcdsaSignatures.PROVIDER, ours.getProvider().getName());
            ours.initVerify(key.getPublic());
            ours.update("tampered".getBytes(StandardCharsets.US_ASCII));
            assertTrue(pair[1] + ": a signature of other bytes does not", !ours.verify(byJdk));
        }
        assertEquals("first in the list", BcEcdsaSignatures.PROVIDER, Security.getProviders()[0].getName());
    }

    @Test
    public void otherAlgorithmsStayWithTheJdkAndDeactivationGivesTheListBack() throws Exception {
        component.activate();
        assertEquals("SunRsaSign", Signature.getInstance("SHA256withRSA").getProvider().getName());
        component.deactivate();
        assertNull(Security.getProvider(BcEcdsaSignatures.PROVIDER));
        StringBuilder provider = new StringBuilder();
        sign("SHA256withECDSA", jdkKey("secp256r1"), provider);
        assertEquals("SunEC", provider.toString());
    }
}
