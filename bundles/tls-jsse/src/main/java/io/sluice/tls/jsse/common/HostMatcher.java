package io.sluice.tls.jsse.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** RFC 6125 name checks, as OpenSSL's X509_check_host / X509_check_ip do for stunnel. */
final class HostMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostMatcher() {
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** DNS SANs (left-most label wildcard); the subject CN only when there is no DNS SAN. */
    static boolean matchesHost(X509Certificate cert, String host) {
        String wanted = normalize(host);
        List<String> names = sans(cert, SAN_DNS);
        if (names.isEmpty()) {
            names = commonNames(cert);
        }
        return names.stream().map(HostMatcher::normalize).anyMatch(pattern -> matches(pattern, wanted));
    }

    static boolean matchesIp(X509Certificate cert, String ip) {
        try {
            InetAddress wanted = InetAddress.getByName(ip);
            for (String san : sans(cert, SAN_IP)) {
                if (InetAddress.getByName(san).equals(wanted)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
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

    private static List<String> sans(X509Certificate cert, int type) {
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) {
                return List.of();
            }
            return all.stream().filter(e -> ((Integer) e.get(0)) == type).map(e -> (String) e.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> commonNames(X509Certificate cert) {
        try {
            return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue).map(String::valueOf).toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
