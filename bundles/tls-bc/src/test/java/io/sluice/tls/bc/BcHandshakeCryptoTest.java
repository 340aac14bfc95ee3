package io.sluice.tls.bc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import org.junit.After;
import org.junit.Test;

public class BcHandshakeCryptoTest {

    private final BcHandshakeCrypto component = new BcHandshakeCrypto();

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
            assertEquals(pair[1], HandshakeCryptoProvider.NAME, provider.toString());
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
            assertEquals(HandshakeCryptoProvider.NAME, ours.getProvider().getName());
            ours.initVerify(key.getPublic());
            ours.update("tampered".getBytes(StandardCharsets.US_ASCII));
            assertTrue(pair[1] + ": a signature of other bytes does not", !ours.verify(byJdk));
        }
        assertEquals("first in the list", HandshakeCryptoProvider.NAME, Security.getProviders()[0].getName());
    }

    @Test
    public void otherAlgorithmsStayWithTheJdkAndDeactivationGivesTheListBack() throws Exception {
        component.activate();
        assertEquals("SunRsaSign", Signature.getInstance("SHA256withRSA").getProvider().getName());
        component.deactivate();
        assertNull(Security.getProvider(HandshakeCryptoProvider.NAME));
        StringBuilder provider = new StringBuilder();
        sign("SHA256withECDSA", jdkKey("secp256r1"), provider);
        assertEquals("SunEC", provider.toString());
    }

    /**
     * A key share as SunJSSE makes and takes one: the key pair generator by the group's algorithm
     * ("XDH" or "EC") with the group as parameter, its public key cast to the JDK's interfaces, the
     * peer's share rebuilt through a key factory from the bytes on the wire, and the secret as a
     * "TlsPremasterSecret". The JDK on the other end must come to the same secret, also when the
     * secret begins with a zero byte (TLS keeps it at the group's full length; a trimmed one would
     * fail one handshake in 256).
     */
    @Test
    public void keySharesAreMadeAndAgreedByBouncyCastleAndTheJdkAgreesOnEverySecret() throws Exception {
        component.activate();
        Object[][] groups = {{"XDH", NamedParameterSpec.X25519, 32}, {"XDH", NamedParameterSpec.X448, 56},
                {"EC", new ECGenParameterSpec("secp256r1"), 32}, {"EC", new ECGenParameterSpec("secp384r1"), 48},
                {"EC", new ECGenParameterSpec("secp521r1"), 66}};
        for (Object[] group : groups) {
            String algorithm = (String) group[0];
            AlgorithmParameterSpec spec = (AlgorithmParameterSpec) group[1];
            int length = (Integer) group[2];
            String name = spec instanceof NamedParameterSpec ? ((NamedParameterSpec) spec).getName() : ((ECGenParameterSpec) spec).getName();
            String agreement = algorithm.equals("EC") ? "ECDH" : "XDH";
            KeyPair jdk = generate(KeyPairGenerator.getInstance(algorithm, "SunEC"), spec);
            if (algorithm.equals("EC")) {
                spec = ((ECPublicKey) jdk.getPublic()).getParams(); // SunJSSE names an EC group by the JDK's curve parameters
            }
            boolean leadingZero = false;
            for (int i = 0; i < 4000 && !(leadingZero && i >= 3); i++) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
                assertEquals(algorithm + " key pairs", HandshakeCryptoProvider.NAME, generator.getProvider().getName());
                KeyPair ours = generate(generator, spec);
                assertTrue("SunJSSE casts the public key", ours.getPublic() instanceof XECPublicKey
                        || ours.getPublic() instanceof ECPublicKey);
                if (ours.getPublic() instanceof ECPublicKey) { // on BC's named curve, whose base point multiples BC keeps
                    assertEquals(name,
                            ((ECNamedCurveSpec) ((ECPublicKey) ours.getPublic()).getParams()).getName());
                }

                KeyAgreement bc = KeyAgreement.getInstance(agreement);
                bc.init(ours.getPrivate());
                bc.doPhase(fromTheWire(jdk.getPublic(), null), true);
                assertEquals(agreement, HandshakeCryptoProvider.NAME, bc.getProvider().getName());
                byte[] secret = bc.generateSecret("TlsPremasterSecret").getEncoded();

                KeyAgreement sunEc = KeyAgreement.getInstance(agreement, "SunEC");
                sunEc.init(jdk.getPrivate());
                sunEc.doPhase(fromTheWire(ours.getPublic(), "SunEC"), true);
                assertArrayEquals(name + ": the JDK's secret", sunEc.generateSecret("TlsPremasterSecret").getEncoded(), secret);
                assertEquals(name + ": full length", length, secret.length);
                leadingZero |= secret[0] == 0;
            }
            assertTrue(name + ": a secret with a leading zero byte came up", leadingZero);
        }
    }

    private static KeyPair generate(KeyPairGenerator generator, AlgorithmParameterSpec spec) throws Exception {
        generator.initialize(spec);
        return generator.generateKeyPair();
    }

    /** The peer's public key rebuilt from its coordinates, as SunJSSE rebuilds a key share (null: any provider). */
    private static PublicKey fromTheWire(PublicKey key, String provider) throws Exception {
        if (key instanceof XECPublicKey) {
            XECPublicKey xec = (XECPublicKey) key;
            KeyFactory factory = provider == null ? KeyFactory.getInstance("XDH") : KeyFactory.getInstance("XDH", provider);
            XECPublicKey rebuilt = (XECPublicKey) factory.generatePublic(new XECPublicKeySpec(xec.getParams(), xec.getU()));
            assertEquals("XDH keys from the wire by", provider == null ? HandshakeCryptoProvider.NAME : provider,
                    factory.getProvider().getName()); // the JCA would fall back to the JDK's on a refusal
            assertEquals(xec.getU(), rebuilt.getU());
            return rebuilt;
        }
        ECPublicKey ec = (ECPublicKey) key;
        KeyFactory factory = provider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", provider);
        return factory.generatePublic(new ECPublicKeySpec(ec.getW(), ec.getParams()));
    }

    @Test
    public void certificatesKeepTheJdksKeysAndRsaAndDiffieHellmanStayWithTheJdk() throws Exception {
        component.activate();
        assertEquals("EC key factory (the JDK's certificate parser uses it)", "SunEC", KeyFactory.getInstance("EC").getProvider().getName());
        assertEquals("SunRsaSign", KeyPairGenerator.getInstance("RSA").getProvider().getName());
        assertEquals("SunJCE", KeyAgreement.getInstance("DH").getProvider().getName());
    }
}
