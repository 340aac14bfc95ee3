package io.sluice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cipher suite names: IANA names as they are, OpenSSL names of the AEAD suites translated. */
final class Ciphers {

    private static final Map<String, String> OPENSSL_TO_IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));

    private Ciphers() {
    }

    /** ':' or ',' separated names to IANA names, in order. */
    static List<String> parse(String value, boolean tls13) {
        List<String> result = new ArrayList<>();
        for (String item : value.split("[:,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String upper = item.toUpperCase(Locale.ROOT);
            if (upper.startsWith("TLS_") && (tls13 == !upper.contains("_WITH_"))) {
                result.add(upper);
            } else if (!tls13 && OPENSSL_TO_IANA.containsKey(upper)) {
                result.add(OPENSSL_TO_IANA.get(upper));
            } else {
                throw new IllegalArgumentException("unknown cipher suite '" + item + "'"
                        + (tls13 ? " (TLS 1.3 names look like TLS_AES_128_GCM_SHA256)"
                                 : " (use names like ECDHE-RSA-AES128-GCM-SHA256 or "
                                   + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; OpenSSL keywords such as HIGH are not supported)"));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite given");
        }
        return result;
    }
}
