package io.sluice.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import io.sluice.pki.internal.Bc;

/**
 * One OCSP question (RFC 6960) over HTTP POST: what does the responder say about this certificate? The
 * answer is trusted only when signed by the certificate's issuer or by a responder certificate that
 * issuer delegated OCSP signing to (id-kp-OCSPSigning), and only while it is current.
 */
public final class OcspClient {

    /** Clock difference tolerated between us and the responder. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    public enum Status { GOOD, REVOKED, UNKNOWN }

    /** No connection to the responder, or no HTTP answer in time: nothing was learned about the certificate. */
    public static final class UnreachableException extends PkiException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param nextUpdate when the responder will have newer information; null when it did not say (then the
     *                   answer must not be reused)
     * @param revokedAt  for {@link Status#REVOKED}, when
     */
    public record Answer(Status status, Instant thisUpdate, Instant nextUpdate, Instant revokedAt) {
    }

    private OcspClient() {
    }

    /** The OCSP responder URLs of the certificate's Authority Information Access extension, in order. */
    public static List<URI> responders(X509Certificate cert) {
        byte[] value = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (value == null) {
            return List.of();
        }
        List<URI> result = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(value));
            for (AccessDescription description : aia.getAccessDescriptions()) {
                GeneralName location = description.getAccessLocation();
                if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    result.add(URI.create(ASN1IA5String.getInstance(location.getName()).getString()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // A malformed AIA names no responder; the caller decides what "no responder" means.
            return List.of();
        }
        return result;
    }

    /**
     * Asks the responder about {@code cert}.
     *
     * @throws PkiException when there is no usable answer: the responder cannot be reached or answers with an
     *                      error, the answer is not signed by an authorized key, is about another certificate,
     *                      or is out of date; the message says which
     */
    public static Answer query(URI responder, X509Certificate cert, X509Certificate issuer, Duration timeout)
            throws PkiException {
        CertificateID id;
        byte[] request;
        try {
            id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
            request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OperatorCreationException | OCSPException | CertificateException | IOException e) {
            throw new PkiException("cannot build an OCSP request: " + e.getMessage(), e);
        }
        byte[] response = post(responder, request, timeout);
        try {
            OCSPResp resp = new OCSPResp(response);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new PkiException("OCSP responder " + responder + " answered with error status " + resp.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
            if (basic == null) {
                throw new PkiException("OCSP responder " + responder + " sent no response data");
            }
            checkSigner(basic, issuer, responder);
            for (SingleResp single : basic.getResponses()) {
                if (single.getCertID().equals(id)) {
                    return answer(single, responder);
                }
            }
            throw new PkiException("OCSP responder " + responder + " did not answer about serial "
                    + cert.getSerialNumber().toString(16));
        } catch (IOException | OCSPException | ClassCastException e) {
            throw new PkiException("OCSP responder " + responder + " sent an unreadable response: " + e.getMessage(), e);
        }
    }

    private static Answer answer(SingleResp single, URI responder) throws PkiException {
        Instant now = Instant.now();
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(SKEW))) {
            throw new PkiException("OCSP response from " + responder + " is not yet valid (thisUpdate " + thisUpdate + ")");
        }
        if (nextUpdate != null && nextUpdate.isBefore(now.minus(SKEW))) {
            throw new PkiException("OCSP response from " + responder + " has expired (nextUpdate " + nextUpdate + ")");
        }
        CertificateStatus status = single.getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return new Answer(Status.GOOD, thisUpdate, nextUpdate, null);
        }
        if (status instanceof RevokedStatus revoked) {
            Date at = revoked.getRevocationTime();
            return new Answer(Status.REVOKED, thisUpdate, nextUpdate, at == null ? null : at.toInstant());
        }
        return new Answer(Status.UNKNOWN, thisUpdate, nextUpdate, null);
    }

    /** Signed by the issuer itself, or by a certificate the issuer signed for OCSP signing (RFC 6960 4.2.2.2). */
    private static void checkSigner(BasicOCSPResp basic, X509Certificate issuer, URI responder)
            throws PkiException, OCSPException {
        if (verifies(basic, issuer.getPublicKey())) {
            return;
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            try {
                X509Certificate delegate = new JcaX509CertificateConverter().getCertificate(holder);
                delegate.verify(issuer.getPublicKey());
                delegate.checkValidity();
                List<String> usage = delegate.getExtendedKeyUsage();
                if (usage != null && usage.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                        && verifies(basic, delegate.getPublicKey())) {
                    return;
                }
            } catch (java.security.GeneralSecurityException e) {
                // not issued by the issuer, or expired: not an authorized responder; try the next one
            }
        }
        throw new PkiException("OCSP response from " + responder + " is not signed by the issuer "
                + issuer.getSubjectX500Principal() + " or a responder it authorized");
    }

    private static boolean verifies(BasicOCSPResp basic, PublicKey key) throws OCSPException {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(key));
        } catch (OperatorCreationException | OCSPException e) {
            return false;
        }
    }

    private static byte[] post(URI responder, byte[] request, Duration timeout) throws PkiException {
        String scheme = responder.getScheme();
        if (!"http".equalsIgnoreCase(scheme)) {
            // RFC 6960 A.1 is HTTP; https would need its own trust decisions and could loop back into OCSP.
            throw new PkiException("OCSP responder " + responder + ": only http:// URLs are supported");
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) responder.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/ocsp-request");
            connection.setRequestProperty("Accept", "application/ocsp-response");
            connection.setFixedLengthStreamingMode(request.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request);
            }
            int code = connection.getResponseCode();
            if (code != HttpURLConnection.HTTP_OK) {
                throw new PkiException("OCSP responder " + responder + " answered HTTP " + code);
            }
            try (InputStream in = connection.getInputStream()) {
                return readLimited(in, responder);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreachableException("OCSP responder " + responder + " cannot be reached: " + e, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** A responder is not trusted before its answer is checked: never read more than an answer can need. */
    private static byte[] readLimited(InputStream in, URI responder) throws IOException, PkiException {
        int limit = 1 << 20;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                throw new PkiException("OCSP responder " + responder + " sent more than " + limit + " bytes");
            }
        }
        return out.toByteArray();
    }
}
