package io.sluice.tls.common;

import io.sluice.api.tls.PeerAllowList;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** allowCN / allowOU / allowDNS / allowURI: a verified peer must also be one of those this tunnel lets in. */
final class PeerIdentity {

    private PeerIdentity() {
    }

    static void checkAllowed(PeerAllowList allow, X509Certificate leaf) throws CertificateException {
        if (!allow.restricts()) {
            return;
        }
        List<String> cns = CertNames.subject(leaf, "CN");
        if (cns.stream().anyMatch(allow.commonNames()::contains)) {
            return;
        }
        if (CertNames.subject(leaf, "OU").stream().anyMatch(allow.orgUnits()::contains)) {
            return;
        }
        List<String> dns = CertNames.sans(leaf, CertNames.SAN_DNS);
        if (dns.stream().anyMatch(name -> allow.dnsNames().stream().anyMatch(name::equalsIgnoreCase))) {
            return;
        }
        List<String> uris = CertNames.sans(leaf, CertNames.SAN_URI);
        if (uris.stream().anyMatch(uri -> allow.uris().stream().anyMatch(pattern -> uriMatches(pattern, uri)))) {
            return;
        }
        List<String> rules = new ArrayList<>();
        allow.commonNames().forEach(v -> rules.add("CN=" + v));
        allow.orgUnits().forEach(v -> rules.add("OU=" + v));
        allow.dnsNames().forEach(v -> rules.add("DNS:" + v));
        allow.uris().forEach(v -> rules.add("URI:" + v));
        throw new CertificateException("peer certificate " + leaf.getSubjectX500Principal() + " (DNS " + dns + ", URI "
                + uris + ") is not allowed (allowCN/allowOU/allowDNS/allowURI: " + String.join(", ", rules) + ")");
    }

    /**
     * Exact, except that a pattern ending in "/*" takes any URI below that path: spiffe://example.org/* lets in
     * spiffe://example.org/a and spiffe://example.org/a/b, not spiffe://example.org itself nor
     * spiffe://example.org.evil/x. Scheme and host compare case-insensitively (RFC 3986), the path exactly.
     */
    static boolean uriMatches(String pattern, String uri) {
        String wanted = normalize(uri);
        if (pattern.endsWith("/*")) {
            String prefix = normalize(pattern.substring(0, pattern.length() - 1));
            return wanted.length() > prefix.length() && wanted.startsWith(prefix);
        }
        return wanted.equals(normalize(pattern));
    }

    /** Scheme and authority lower-cased; the rest as it is. */
    private static String normalize(String uri) {
        int slashes = uri.indexOf("//");
        int end = slashes < 0 ? uri.indexOf(':') + 1 : uri.indexOf('/', slashes + 2);
        if (end < 0) {
            end = uri.length();
        }
        return uri.substring(0, end).toLowerCase(Locale.ROOT) + uri.substring(end);
    }
}
