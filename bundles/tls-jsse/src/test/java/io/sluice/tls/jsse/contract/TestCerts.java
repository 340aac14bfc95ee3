package io.sluice.tls.jsse.contract;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.SelfSigned;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The test PKI, generated once per JVM with Bouncy Castle (EC P-256): ROOT signs INTERMEDIATE, which
 * signs the leaves; leaf chains are sent as leaf + intermediate, and trust is {@link #ROOT} alone.
 */
public final class TestCerts {

    /** A key and its certificate chain, leaf first; the last element is the issuer used to sign more. */
    public record Issued(KeyPair keys, List<X509Certificate> chain) {
        public X509Certificate cert() {
            return chain.get(0);
        }

        public KeyMaterial material() {
            return new KeyMaterial(keys.getPrivate(), chain);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DAY = Duration.ofDays(1);

    public static final Issued ROOT = ca("Sluice Test Root CA", null);
    public static final Issued INTERMEDIATE = ca("Sluice Test Intermediate CA", ROOT);
    /** dNSName localhost and iPAddress 127.0.0.1. */
    public static final Issued LOCALHOST = leaf("localhost", List.of("localhost", "127.0.0.1"), INTERMEDIATE);
    /** Names 127.0.0.1 only in its CN, and localhost as dNSName: no iPAddress SAN. */
    public static final Issued LOCALHOST_NO_IP_SAN = leaf("127.0.0.1", List.of("localhost"), INTERMEDIATE);
    public static final Issued OTHER_NAME = leaf("other.example", List.of("other.example"), INTERMEDIATE);
    public static final Issued WILDCARD = leaf("wildcard", List.of("*.example.test"), INTERMEDIATE);
    public static final Issued EXPIRED = leaf("localhost", List.of("localhost", "127.0.0.1"), INTERMEDIATE,
            Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(DAY));
    public static final Issued CLIENT = leaf("sluice-client", List.of("client.example"), INTERMEDIATE);
    /** A CA with the trusted root's very name but its own key: nothing it signs may be trusted. */
    public static final Issued IMPOSTOR_ROOT = ca("Sluice Test Root CA", null);
    public static final Issued IMPOSTOR_LEAF = leaf("localhost", List.of("localhost", "127.0.0.1"), IMPOSTOR_ROOT);
    public static final Issued SELF_SIGNED = selfSigned("localhost", List.of("localhost", "127.0.0.1"));

    private TestCerts() {
    }

    /** A CA valid from yesterday to tomorrow; null issuer: a root. */
    public static Issued ca(String commonName, Issued issuer) {
        return issue(commonName, List.of(), issuer, true, Instant.now().minus(DAY), Instant.now().plus(DAY));
    }

    static Issued leaf(String commonName, List<String> sans, Issued issuer) {
        return leaf(commonName, sans, issuer, Instant.now().minus(DAY), Instant.now().plus(DAY));
    }

    static Issued leaf(String commonName, List<String> sans, Issued issuer, Instant notBefore, Instant notAfter) {
        return issue(commonName, sans, issuer, false, notBefore, notAfter);
    }

    /** Through the pki bundle, as a fresh installation makes its own certificate. */
    static Issued selfSigned(String commonName, List<String> sans) {
        try {
            KeyMaterial material = SelfSigned.generate(commonName, sans, DAY);
            return new Issued(new KeyPair(material.leaf().getPublicKey(), material.key()), material.chain());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued issue(String commonName, List<String> sans, Issued issuer, boolean ca,
            Instant notBefore, Instant notAfter) {
        GeneralName[] names = sans.stream()
                .map(n -> new GeneralName(IPAddress.isValid(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        return issue("CN=" + commonName, names, issuer, ca, notBefore, notAfter, null);
    }

    /**
     * A leaf valid from yesterday to tomorrow with any subject and SANs (rfc822Name, URI...), and, when
     * {@code ocspUrl} is not null, an Authority Information Access extension naming that OCSP responder.
     */
    public static Issued leaf(String subjectDn, List<GeneralName> sans, Issued issuer, String ocspUrl) {
        return issue(subjectDn, sans.toArray(GeneralName[]::new), issuer, false, Instant.now().minus(DAY),
                Instant.now().plus(DAY), ocspUrl);
    }

    private static Issued issue(String subjectDn, GeneralName[] sans, Issued issuer, boolean ca,
            Instant notBefore, Instant notAfter, String ocspUrl) {
        String commonName = subjectDn;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name(subjectDn);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.keys().getPublic()));
            }
            if (ca) {
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (sans.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            if (ocspUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            // Send the issuing chain without the root, as servers usually do.
            if (issuer != null && !issuer.cert().getSubjectX500Principal().equals(issuer.cert().getIssuerX500Principal())) {
                chain.addAll(issuer.chain());
            }
            return new Issued(keys, List.copyOf(chain));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
        }
    }
}
