package io.sluice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Cipher suite settings to IANA names in preference order. */
final class Ciphers {

    private Ciphers() {
    }

    /**
     * TLS 1.3 ({@code ciphersuites}): ':' or ',' separated IANA names, in order. TLS 1.2
     * ({@code ciphers}): an OpenSSL cipher string, see {@link CipherStrings}.
     */
    static List<String> parse(String value, boolean tls13) {
        if (!tls13) {
            return CipherStrings.evaluate(value);
        }
        List<String> result = new ArrayList<>();
        for (String item : value.split("[:,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String upper = item.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("TLS_") || upper.contains("_WITH_")) {
                throw new IllegalArgumentException("unknown cipher suite '" + item
                        + "' (TLS 1.3 names look like TLS_AES_128_GCM_SHA256)");
            }
            result.add(upper);
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite given");
        }
        return result;
    }
}
