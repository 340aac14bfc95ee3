package io.sluice.tls.common;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** The names a certificate carries: subject attributes and subject alternative names. */
final class CertNames {

    static final int SAN_EMAIL = 1;
    static final int SAN_DNS = 2;
    static final int SAN_URI = 6;
    static final int SAN_IP = 7;

    private CertNames() {
    }

    /** The SANs of one type (RFC 5280 GeneralName tag), as the JDK renders them. */
    static List<String> sans(X509Certificate cert, int type) {
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

    /** The values of a subject attribute (CN, OU, EMAILADDRESS...), in the subject's order. */
    static List<String> subject(X509Certificate cert, String type) {
        try {
            // Named so that the emailAddress attribute reads as text, not as #hex DER.
            return new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253,
                    Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS"))).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase(type))
                    .map(Rdn::getValue).map(String::valueOf).toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
