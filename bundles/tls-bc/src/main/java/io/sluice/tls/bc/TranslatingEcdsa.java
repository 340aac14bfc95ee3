package io.sluice.tls.bc;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle's ECDSA with the key translated to BC's own first. BC signs a JDK key about 3x
 * slower than its own: it converts the JDK's curve parameters at every initSign, so its
 * precomputed multiples of the base point are computed again each time (measured: 3-4k/s against
 * 12.5k/s). So keys are translated once and kept ({@link BcKeys}).
 */
final class TranslatingEcdsa extends SignatureSpi {

    private static final Provider BC = new BouncyCastleProvider();
    private static final BcKeys KEYS = new BcKeys(BC);

    private final Signature bc;

    /** @param algorithm SHA256withECDSA, SHA384withECDSA or SHA512withECDSA */
    TranslatingEcdsa(String algorithm) {
        try {
            bc = Signature.getInstance(algorithm, BC);
        } catch (GeneralSecurityException e) {
            throw new ProviderException("Bouncy Castle has " + algorithm, e);
        }
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        bc.initVerify(KEYS.translate(key)); // a key BC refuses (a hardware token's): the JCA tries the next provider
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        bc.initSign(KEYS.translate(key));
    }

    @Override
    protected void engineInitSign(PrivateKey key, SecureRandom random) throws InvalidKeyException {
        bc.initSign(KEYS.translate(key), random);
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        bc.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        bc.update(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        try {
            bc.update(input);
        } catch (SignatureException e) {
            throw new ProviderException(e); // not initialized: the JCA checks that before it gets here
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        return bc.sign();
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        return bc.verify(signature);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("ECDSA takes no parameter " + param);
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("ECDSA has no parameter " + param);
    }
}
