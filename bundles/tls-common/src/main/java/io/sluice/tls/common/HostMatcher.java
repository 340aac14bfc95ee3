package io.sluice.tls.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/** RFC 6125 name checks, as OpenSSL's X509_check_host / X509_check_ip / X509_check_email do for stunnel. */
final class HostMatcher {

    private HostMatcher() {
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** DNS SANs (left-most label wildcard); the subject CN only when there is no DNS SAN. */
    static boolean matchesHost(X509Certificate cert, String host) {
        String wanted = normalize(host);
        List<String> names = CertNames.sans(cert, CertNames.SAN_DNS);
        if (names.isEmpty()) {
            names = CertNames.subject(cert, "CN");
        }
        return names.stream().map(HostMatcher::normalize).anyMatch(pattern -> matches(pattern, wanted));
    }

    static boolean matchesIp(X509Certificate cert, String ip) {
        try {
            InetAddress wanted = InetAddress.getByName(ip);
            for (String san : CertNames.sans(cert, CertNames.SAN_IP)) {
                if (InetAddress.getByName(san).equals(wanted)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    /**
     * As OpenSSL's X509_check_email: the rfc822Name SANs, or the subject's emailAddress when there is no
     * such SAN; the domain part compares case-insensitively, the local part exactly.
     */
    static boolean matchesEmail(X509Certificate cert, String email) {
        List<String> names = CertNames.sans(cert, CertNames.SAN_EMAIL);
        if (names.isEmpty()) {
            names = CertNames.subject(cert, "EMAILADDRESS");
        }
        return names.stream().anyMatch(name -> sameEmail(name, email));
    }

    private static boolean sameEmail(String a, String b) {
        int at = a.lastIndexOf('@');
        return at > 0 && at == b.lastIndexOf('@') && a.substring(0, at).equals(b.substring(0, at))
                && a.substring(at).equalsIgnoreCase(b.substring(at));
    }

    private static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int dot = host.indexOf('.');
        // "*.example.com" covers exactly one label, never the bare domain.
        return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
