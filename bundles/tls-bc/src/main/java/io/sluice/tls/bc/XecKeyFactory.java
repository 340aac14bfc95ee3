package io.sluice.tls.bc;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.edec.KeyFactorySpi;

/**
 * X25519 and X448 public keys from the JDK's key spec, which SunJSSE builds from a peer's key share
 * and BC 1.84 does not take ("key spec not recognized": the JCA then asks the JDK, at the cost of
 * an exception per handshake, and BC's agreement converts the JDK's key once more). The spec's u
 * coordinate becomes the key's little-endian bytes in an X.509 SubjectPublicKeyInfo, which BC reads.
 */
public final class XecKeyFactory extends KeyFactorySpi.XDH {

    // SubjectPublicKeyInfo up to the key's bytes: SEQUENCE { SEQUENCE { OID 1.3.101.110|111 }, BIT STRING }
    private static final byte[] X25519 = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};
    private static final byte[] X448 = {0x30, 0x42, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00};

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
        if (spec instanceof XECPublicKeySpec && ((XECPublicKeySpec) spec).getParams() instanceof NamedParameterSpec) {
            XECPublicKeySpec xec = (XECPublicKeySpec) spec;
            String curve = ((NamedParameterSpec) xec.getParams()).getName();
            if (curve.equalsIgnoreCase("X25519")) {
                return super.engineGeneratePublic(new X509EncodedKeySpec(encoded(X25519, 32, xec.getU())));
            }
            if (curve.equalsIgnoreCase("X448")) {
                return super.engineGeneratePublic(new X509EncodedKeySpec(encoded(X448, 56, xec.getU())));
            }
        }
        return super.engineGeneratePublic(spec);
    }

    private static byte[] encoded(byte[] prefix, int length, BigInteger u) throws InvalidKeySpecException {
        if (u.signum() < 0 || u.bitLength() > length * 8) {
            throw new InvalidKeySpecException("u coordinate out of range for " + length + " bytes");
        }
        byte[] bigEndian = u.toByteArray();
        byte[] encoded = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, encoded, 0, prefix.length);
        for (int i = 0; i < length && i < bigEndian.length; i++) {
            encoded[prefix.length + i] = bigEndian[bigEndian.length - 1 - i]; // little-endian, as on the wire
        }
        return encoded;
    }
}
