package io.sluice.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.internal.Bc;

/** Self-signed certificates, so that a fresh installation can serve TLS before an operator brings one. */
public final class SelfSigned {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSigned() {
    }

    /**
     * An EC P-256 key and a certificate for it, usable by servers and clients (CA:false).
     *
     * @param subjectAltNames IP literals become iPAddress names, everything else dNSName; nothing is
     *                        resolved
     */
    public static KeyMaterial generate(String commonName, List<String> subjectAltNames, Duration validity)
            throws PkiException {
        try {
            KeyPair pair = newKeyPair();
            X500Name subject = subject(commonName);
            Instant now = Instant.now();
            // Backdated an hour so that a peer whose clock is a little behind still accepts it.
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            Date notAfter = Date.from(now.plus(validity));
            BigInteger serial = new BigInteger(128, RANDOM);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serial, notBefore, notAfter, subject, pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            if (!subjectAltNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(subjectAltNames));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(Bc.PROVIDER).build(pair.getPrivate())));
            return new KeyMaterial(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new PkiException("cannot generate a self-signed certificate for " + commonName + ": " + e, e);
        }
    }

    /**
     * Writes the chain as PEM and the key as unencrypted PKCS#8 PEM; when both paths are the same,
     * one file holds the chain followed by the key. Each file is replaced atomically, so a reader
     * never sees half of one; the key file is readable by its owner only where the file system has
     * POSIX permissions. The key is written first: a crash in between leaves no certificate without
     * its key.
     */
    public static void writePem(KeyMaterial material, Path certFile, Path keyFile) throws IOException {
        String key = pem("PRIVATE KEY", material.key().getEncoded());
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : material.chain()) {
            try {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        if (certFile.toAbsolutePath().normalize().equals(keyFile.toAbsolutePath().normalize())) {
            AtomicFiles.write(certFile, chain + key, true);
            return;
        }
        AtomicFiles.write(keyFile, key, true);
        AtomicFiles.write(certFile, chain.toString(), false);
    }

    /** EC P-256: small, fast, and accepted by every TLS peer Sluice meets. */
    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    static X500Name subject(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    static GeneralNames generalNames(List<String> names) {
        GeneralName[] result = new GeneralName[names.size()];
        for (int i = 0; i < result.length; i++) {
            String name = names.get(i);
            result[i] = new GeneralName(IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName, name);
        }
        return new GeneralNames(result);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
