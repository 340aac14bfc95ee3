package io.sluice.tls.bc;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ECDSA signatures for SunJSSE from Bouncy Castle: on JDK 17 the JDK's P-256 signing is pure Java
 * and was half of a server handshake's CPU (JFR); BC 1.84 signs about 7x faster on the same machine
 * (bench/README.md, change 9). SunJSSE asks the JVM-wide provider list for its signatures, so this
 * puts a provider with only the ECDSA signatures first in it. That list is the installation's, so
 * the component runs only with a configuration ({@code etc/io.sluice.jca.bc.ecdsa.cfg}, which
 * Sluice's own distribution has and a stock Karaf with the sluice feature does not), and takes the
 * provider out again when it stops. Keys BC cannot take (a hardware token's) go on to the next
 * provider: JCA picks the provider at initSign.
 */
@Component(configurationPid = BcEcdsaSignatures.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class BcEcdsaSignatures {

    static final String PID = "io.sluice.jca.bc.ecdsa";
    static final String PROVIDER = "SluiceBcEcdsa";
    private static final Logger LOG = LoggerFactory.getLogger(BcEcdsaSignatures.class);

    @Activate
    void activate() {
        Security.removeProvider(PROVIDER); // a previous activation that did not deactivate (a crash of the component)
        Security.insertProviderAt(new EcdsaProvider(), 1);
        LOG.info("ECDSA signatures of TLS handshakes by Bouncy Castle (provider {} first, {})", PROVIDER, PID);
    }

    @Deactivate
    void deactivate() {
        Security.removeProvider(PROVIDER);
    }

    /*
     * BC signs a JDK key about 3x slower than its own: it converts the JDK's curve parameters at
     * every initSign, so its precomputed multiples of the base point are computed again each time
     * (measured: 3-4k/s against 12.5k/s). So keys are translated to BC's once and kept.
     */
    private static final BcKeys KEYS = new BcKeys();

    // One subclass per digest: BC's SignatureSpi constructor that takes the digest is package-private.
    public static final class Ecdsa256 extends SignatureSpi.ecDSA256 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(KEYS.translate(key));
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            super.engineInitVerify(KEYS.translate(key));
        }
    }

    public static final class Ecdsa384 extends SignatureSpi.ecDSA384 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(KEYS.translate(key));
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            super.engineInitVerify(KEYS.translate(key));
        }
    }

    public static final class Ecdsa512 extends SignatureSpi.ecDSA512 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(KEYS.translate(key));
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            super.engineInitVerify(KEYS.translate(key));
        }
    }

    /** Only the signatures TLS uses with EC certificates; everything else stays with the JDK. */
    static final class EcdsaProvider extends Provider {

        private static final long serialVersionUID = 1L;

        EcdsaProvider() {
            super(PROVIDER, "1.0", "Bouncy Castle's ECDSA signatures for Sluice's TLS handshakes");
            add("SHA256withECDSA", Ecdsa256.class, Ecdsa256::new);
            add("SHA384withECDSA", Ecdsa384.class, Ecdsa384::new);
            add("SHA512withECDSA", Ecdsa512.class, Ecdsa512::new);
        }

        private void add(String algorithm, Class<? extends SignatureSpi> type, Supplier<SignatureSpi> spi) {
            putService(new Service(this, "Signature", algorithm, type.getName(), List.of(),
                    Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey|java.security.interfaces.ECPrivateKey")) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return spi.get(); // direct: the JCA would load the class through this bundle's loader by name
                }
            });
        }
    }
}
