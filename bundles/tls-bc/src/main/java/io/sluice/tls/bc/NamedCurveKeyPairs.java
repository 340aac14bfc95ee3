package io.sluice.tls.bc;

import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyPairGeneratorSpi;

/**
 * EC key pairs (SunJSSE's P-256 key share on every client handshake) on Bouncy Castle's own named
 * curve: SunJSSE names the group by the JDK's curve parameters, and BC, given parameters, converts
 * them and computes its table of base point multiples again for each key pair (measured 2-3x
 * slower than by name). Parameters of another curve go through as they are.
 */
public final class NamedCurveKeyPairs extends KeyPairGeneratorSpi.EC {

    private static final Map<String, X9ECParameters> CURVES = Map.of(
            "secp256r1", ECNamedCurveTable.getByName("secp256r1"),
            "secp384r1", ECNamedCurveTable.getByName("secp384r1"),
            "secp521r1", ECNamedCurveTable.getByName("secp521r1"));

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        super.initialize(byName(params), random);
    }

    static AlgorithmParameterSpec byName(AlgorithmParameterSpec params) {
        if (params instanceof ECParameterSpec) {
            ECParameterSpec spec = (ECParameterSpec) params;
            for (Map.Entry<String, X9ECParameters> curve : CURVES.entrySet()) {
                if (same(spec, curve.getValue())) {
                    return new ECGenParameterSpec(curve.getKey());
                }
            }
        }
        return params;
    }

    /** The same group: same order, cofactor, base point and field. */
    private static boolean same(ECParameterSpec spec, X9ECParameters curve) {
        return spec.getOrder().equals(curve.getN())
                && BigInteger.valueOf(spec.getCofactor()).equals(curve.getH())
                && spec.getGenerator().getAffineX().equals(curve.getG().getAffineXCoord().toBigInteger())
                && spec.getGenerator().getAffineY().equals(curve.getG().getAffineYCoord().toBigInteger())
                && spec.getCurve().getField().getFieldSize() == curve.getCurve().getFieldSize();
    }
}
