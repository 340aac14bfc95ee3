package io.sluice.tls.bc;

import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi;

/**
 * Only what a TLS handshake with an EC certificate computes: ECDSA signatures, and the key pairs
 * and agreements of the key exchange groups SunJSSE offers by default (X25519, X448, the NIST
 * curves). Everything else stays with the JDK. Not EC key factories: the JDK's certificate parser
 * makes its public keys through them, and those keys should stay the JDK's; BC's agreement takes
 * a JDK peer key as it is. XDH key factories are BC's, so that a peer's key share and BC's own
 * key are of one kind (no certificate carries an XDH key).
 */
final class HandshakeCryptoProvider extends Provider {

    static final String NAME = "SluiceBc";
    private static final long serialVersionUID = 1L;

    HandshakeCryptoProvider() {
        super(NAME, "1.0", "Bouncy Castle's handshake arithmetic for Sluice's TLS (signatures, key exchange)");
        signature("SHA256withECDSA");
        signature("SHA384withECDSA");
        signature("SHA512withECDSA");
        add("KeyPairGenerator", "EC", NamedCurveKeyPairs::new);
        add("KeyAgreement", "ECDH", KeyAgreementSpi.DH::new);
        // SunJSSE 17 asks for "XDH" with the group as a parameter; later JDKs may ask by the group's name.
        add("KeyPairGenerator", "XDH", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyPairGeneratorSpi.XDH::new);
        add("KeyPairGenerator", "X25519", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyPairGeneratorSpi.X25519::new);
        add("KeyPairGenerator", "X448", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyPairGeneratorSpi.X448::new);
        add("KeyAgreement", "XDH", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyAgreementSpi.XDH::new);
        add("KeyAgreement", "X25519", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyAgreementSpi.X25519::new);
        add("KeyAgreement", "X448", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyAgreementSpi.X448::new);
        add("KeyFactory", "XDH", XecKeyFactory::new);
        add("KeyFactory", "X25519", XecKeyFactory::new);
        add("KeyFactory", "X448", XecKeyFactory::new);
    }

    private void signature(String algorithm) {
        // A key BC refuses (a hardware token's) goes on to the next provider: the JCA picks at initSign.
        putService(new Direct(this, "Signature", algorithm, () -> new TranslatingEcdsa(algorithm),
                Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey|java.security.interfaces.ECPrivateKey")));
    }

    private void add(String type, String algorithm, Supplier<Object> spi) {
        putService(new Direct(this, type, algorithm, spi, Map.of()));
    }

    /** Made by a constructor call: the JCA would load the class by name through this bundle's loader. */
    private static final class Direct extends Service {

        private final Supplier<Object> spi;

        Direct(Provider provider, String type, String algorithm, Supplier<Object> spi, Map<String, String> attributes) {
            super(provider, type, algorithm, spi.getClass().getName(), List.of(), attributes);
            this.spi = spi;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return spi.get();
        }
    }
}
