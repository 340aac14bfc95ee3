package io.sluice.pki.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import io.sluice.pki.PkiException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Turns one PEM key block (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8 or OpenSSL's legacy encrypted
 * PEM) into a JDK private key. Bouncy Castle only decrypts and parses; the key object itself comes
 * from the JDK's KeyFactory, by the JDK's algorithm name, so that SunJSSE gets a key of its own.
 */
public final class PemKeys {

    private static final Map<ASN1ObjectIdentifier, String> JDK_ALGORITHMS = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private PemKeys() {
    }

    public static PrivateKey toPrivateKey(Path file, PemObject block, char[] password) throws PkiException {
        Object parsed = parse(file, block);
        PrivateKeyInfo info;
        if (parsed instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (parsed instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            info = decrypt(file, encrypted, requirePassword(file, password));
        } else if (parsed instanceof PEMEncryptedKeyPair encrypted) {
            info = decrypt(file, encrypted, requirePassword(file, password));
        } else {
            throw new PkiException("unsupported key type '" + block.getType() + "' in " + file);
        }
        try {
            String algorithm = JDK_ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
            if (algorithm == null) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            // By the JDK's own name: BC's converter asks for "ECDSA", which only a Bouncy Castle
            // provider offers, and Karaf registers one, so the key would come out as a BC key.
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("key in " + file + " uses an algorithm the JDK does not support: " + e.getMessage(), e);
        }
    }


    /** PEMParser knows every key layout; the block is written back out so it parses just this one. */
    private static Object parse(Path file, PemObject block) throws PkiException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(block);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        try (PEMParser parser = new PEMParser(new StringReader(text.toString()))) {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new PkiException("cannot parse the key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static char[] requirePassword(Path file, char[] password) throws PkiException {
        if (password == null || password.length == 0) {
            throw new PkiException("key file " + file + " is encrypted and no keyPassword is set");
        }
        return password;
    }

    // A wrong password shows up as a padding error or, now and then, as garbage that fails to parse:
    // any failure here is reported the same way.
    private static PrivateKeyInfo decrypt(Path file, PKCS8EncryptedPrivateKeyInfo encrypted, char[] password)
            throws PkiException {
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password));
        } catch (Exception e) {
            throw wrongPassword(file, e);
        }
    }

    private static PrivateKeyInfo decrypt(Path file, PEMEncryptedKeyPair encrypted, char[] password)
            throws PkiException {
        try {
            return encrypted.decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)).getPrivateKeyInfo();
        } catch (Exception e) {
            throw wrongPassword(file, e);
        }
    }

    private static PkiException wrongPassword(Path file, Exception cause) {
        return new PkiException("cannot decrypt the key in " + file + ": wrong keyPassword (or a damaged file)", cause);
    }
}
