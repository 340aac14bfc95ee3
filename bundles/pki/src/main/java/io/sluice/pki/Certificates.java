package io.sluice.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.security.auth.x500.X500Principal;

/** Short, loggable views of a certificate. */
public final class Certificates {

    private Certificates() {
    }

    /** The SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it: "AB:CD:...". */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** One line for logs: "subject=CN=host, SANs=[DNS:host, IP:127.0.0.1], expires=2027-01-01T00:00:00Z". */
    public static String describe(X509Certificate certificate) {
        return "subject=" + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)
                + ", SANs=" + subjectAltNames(certificate)
                + ", expires=" + certificate.getNotAfter().toInstant();
    }

    /** Whole days from {@code now} to the certificate's end, by UTC calendar dates; negative once expired. */
    public static long daysLeft(X509Certificate certificate, Instant now) {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZoneOffset.UTC),
                LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC));
    }

    /** "2027-01-01 (in 37 days)", "2027-01-01 (today)", "2026-11-20 (5 days ago)": the end of validity, UTC. */
    public static String expiry(X509Certificate certificate, Instant now) {
        long days = daysLeft(certificate, now);
        String date = LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC).toString();
        if (days == 0) {
            return date + " (today)";
        }
        long n = Math.abs(days);
        String span = n + (n == 1 ? " day" : " days");
        return date + (days > 0 ? " (in " + span + ")" : " (" + span + " ago)");
    }

    /** The SANs in OpenSSL's "DNS:name" / "IP:address" notation, in certificate order. */
    public static List<String> subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of("unreadable: " + e.getMessage());
        }
        List<String> result = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                result.add(label((Integer) name.get(0)) + ":" + name.get(1));
            }
        }
        return result;
    }

    private static String label(int type) {
        return switch (type) {
            case 1 -> "email";
            case 2 -> "DNS";
            case 6 -> "URI";
            case 7 -> "IP";
            default -> "type" + type;
        };
    }
}
