package io.sluice.stunnel;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * stunnel's {@code options = [-]NAME}: every OpenSSL option stunnel 5.75 documents is taken. Those
 * with a meaning on the JVM's TLS stacks become tunnel keys; the ones Sluice always honours, and
 * those that change nothing here, are said so in a warning. A name stunnel does not know is
 * stunnel's {@code Illegal TLS option}.
 */
final class OpenSslOptions {

    /** What Sluice always does, set or not: it speaks TLSv1.2 and TLSv1.3 only, never compresses. */
    private static final Set<String> ALWAYS = Set.of("NO_SSLV2", "NO_SSLV3", "NO_TLSV1", "NO_TLSV1_1",
            "NO_COMPRESSION", "SINGLE_ECDH_USE", "SINGLE_DH_USE", "CIPHER_SERVER_PREFERENCE");

    /** Why an option changes nothing here, by name (the same reason for its "-" form). */
    private static final Map<String, String> NO_EFFECT = Map.ofEntries(
            Map.entry("NO_TICKET", "whether a jsse server issues session tickets is the JVM-wide"
                    + " jdk.tls.server.enableSessionTicketExtension; bc servers issue none; resumption works either way"),
            Map.entry("ALL", "OpenSSL's bug workarounds; the JVM's TLS stacks have their own"),
            Map.entry("NO_SSL_MASK", "Sluice keeps TLSv1.2 and TLSv1.3 (sslVersion* choose between them)"),
            Map.entry("ALLOW_NO_DHE_KEX", "TLS 1.3 resumption always uses (EC)DHE here"),
            Map.entry("ALLOW_UNSAFE_LEGACY_RENEGOTIATION", "legacy renegotiation is the JVM's"
                    + " sun.security.ssl.allowLegacyHelloMessages"),
            Map.entry("LEGACY_SERVER_CONNECT", "legacy renegotiation is the JVM's sun.security.ssl.allowLegacyHelloMessages"),
            Map.entry("CISCO_ANYCONNECT", "DTLS only"),
            Map.entry("COOKIE_EXCHANGE", "DTLS only"),
            Map.entry("NO_QUERY_MTU", "DTLS only"),
            Map.entry("NO_DTLSV1", "DTLS only"),
            Map.entry("NO_DTLSV1_2", "DTLS only"),
            Map.entry("NO_DTLS_MASK", "DTLS only"),
            Map.entry("CLEANSE_PLAINTEXT", "the JVM manages its record buffers"),
            Map.entry("CRYPTOPRO_TLSEXT_BUG", "an OpenSSL workaround"),
            Map.entry("DISABLE_TLSEXT_CA_NAMES", "the JVM's TLS stacks decide the CA names they send"),
            Map.entry("DONT_INSERT_EMPTY_FRAGMENTS", "a CBC workaround for versions below TLSv1.2, never spoken here"),
            Map.entry("ENABLE_KTLS", "no kernel TLS on the JVM"),
            Map.entry("ENABLE_MIDDLEBOX_COMPAT", "the JVM's TLS 1.3 middlebox compatibility is its own setting"),
            Map.entry("EPHEMERAL_RSA", "no RSA key exchange in TLSv1.2 and TLSv1.3 suites Sluice enables"),
            Map.entry("IGNORE_UNEXPECTED_EOF", "a peer closing without close_notify ends the connection as a close here"),
            Map.entry("MICROSOFT_BIG_SSLV3_BUFFER", "an OpenSSL workaround"),
            Map.entry("MICROSOFT_SESS_ID_BUG", "an OpenSSL workaround"),
            Map.entry("MSIE_SSLV2_RSA_PADDING", "an OpenSSL workaround"),
            Map.entry("NETSCAPE_CA_DN_BUG", "an OpenSSL workaround"),
            Map.entry("NETSCAPE_CHALLENGE_BUG", "an OpenSSL workaround"),
            Map.entry("NETSCAPE_DEMO_CIPHER_CHANGE_BUG", "an OpenSSL workaround"),
            Map.entry("NETSCAPE_REUSE_CIPHER_CHANGE_BUG", "an OpenSSL workaround"),
            Map.entry("NO_ANTI_REPLAY", "no TLS 1.3 early data here"),
            Map.entry("NO_ENCRYPT_THEN_MAC", "the JVM's TLS stacks decide"),
            Map.entry("NO_EXTENDED_MASTER_SECRET", "extended master secret is the JVM-wide jdk.tls.useExtendedMasterSecret"),
            Map.entry("NO_SESSION_RESUMPTION_ON_RENEGOTIATION", "the JVM's TLS stacks decide"),
            Map.entry("PKCS1_CHECK_1", "an OpenSSL workaround"),
            Map.entry("PKCS1_CHECK_2", "an OpenSSL workaround"),
            Map.entry("PRIORITIZE_CHACHA", "a server's own suite order always counts here (AES-128-GCM first)"),
            Map.entry("SAFARI_ECDHE_ECDSA_BUG", "an OpenSSL workaround"),
            Map.entry("SSLEAY_080_CLIENT_DH_BUG", "an OpenSSL workaround"),
            Map.entry("SSLREF2_REUSE_CERT_TYPE_BUG", "an OpenSSL workaround"),
            Map.entry("TLS_BLOCK_PADDING_BUG", "an OpenSSL workaround"),
            Map.entry("TLS_D5_BUG", "an OpenSSL workaround"),
            Map.entry("TLSEXT_PADDING", "the JVM's TLS stacks decide the ClientHello's padding"),
            Map.entry("TLS_ROLLBACK_BUG", "an OpenSSL workaround"));

    private OpenSslOptions() {
    }

    /**
     * Applies one {@code options} line to the service's keys.
     *
     * @return a warning to log (the option changes nothing here), or null
     * @throws IllegalArgumentException stunnel's {@code Illegal TLS option}, or a "-" form Sluice cannot honour
     */
    static String apply(String value, Map<String, String> keys) {
        String written = value.trim();
        boolean clear = written.startsWith("-");
        String name = (clear ? written.substring(1) : written).toUpperCase(Locale.ROOT);
        if (!clear && name.equals("NO_TLSV1_2")) {
            keys.put("sslVersionMin", "TLSv1.3");
            return null;
        }
        if (!clear && name.equals("NO_TLSV1_3")) {
            keys.put("sslVersionMax", "TLSv1.2");
            return null;
        }
        if (!clear && name.equals("NO_RENEGOTIATION")) {
            keys.put("renegotiation", "no");
            return null;
        }
        if (!clear && name.equals("ALLOW_CLIENT_RENEGOTIATION")) {
            keys.put("renegotiation", "yes");
            return null;
        }
        if (ALWAYS.contains(name)) {
            return clear ? "options = " + written + ": changes nothing here: Sluice always does " + name
                    + " (TLSv1.2 and TLSv1.3 only, no compression, fresh ephemeral keys, the server's suite order)"
                    : null;
        }
        if (name.equals("NO_TLSV1_2") || name.equals("NO_TLSV1_3") || name.equals("NO_RENEGOTIATION")
                || name.equals("ALLOW_CLIENT_RENEGOTIATION")) {
            return "options = " + written + ": changes nothing here: " + name + " is not set unless asked";
        }
        String why = NO_EFFECT.get(name);
        if (why == null) {
            throw new IllegalArgumentException("Illegal TLS option");
        }
        return "options = " + written + ": changes nothing here: " + why;
    }
}
