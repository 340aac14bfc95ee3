package io.sluice.pki;

import io.sluice.pki.internal.Bc;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A new key and a PKCS#10 certificate signing request for it, to be signed by a CA. */
public final class CertificateRequests {

    private CertificateRequests() {
    }

    /**
     * Writes the key (unencrypted PKCS#8 PEM, owner-only where the file system allows) and the
     * request (PEM), each atomically, the key first.
     *
     * @param subjectAltNames IP literals become iPAddress names, everything else dNSName
     */
    public static void write(String commonName, List<String> subjectAltNames, Path requestFile, Path keyFile)
            throws PkiException, IOException {
        KeyPair pair;
        PKCS10CertificationRequest request;
        try {
            pair = SelfSigned.newKeyPair();
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(SelfSigned.subject(commonName), pair.getPublic());
            if (!subjectAltNames.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, SelfSigned.generalNames(subjectAltNames));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            request = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                    .build(pair.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new PkiException("cannot make a certificate request for " + commonName + ": " + e, e);
        }
        AtomicFiles.write(keyFile, SelfSigned.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        AtomicFiles.write(requestFile, SelfSigned.pem("CERTIFICATE REQUEST", request.getEncoded()), false);
    }
}
