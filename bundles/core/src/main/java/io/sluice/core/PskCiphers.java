package io.sluice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ciphers} of a PSK tunnel. OpenSSL's cipher strings are evaluated over the JVM's
 * certificate suites ({@link CipherStrings}), which hold no PSK suite; a PSK tunnel takes instead
 * either a list of PSK suite names (IANA, or OpenSSL's such as ECDHE-PSK-AES128-CBC-SHA256), in
 * preference order, or a cipher string that names no suite and removes none of the PSK suites
 * (stunnel's default {@code HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK}, or {@code PSK}), which means the
 * provider's PSK defaults. Anything else is refused rather than guessed at.
 */
final class PskCiphers {

    private static final Map<String, String> OPENSSL_NAMES = Map.of(
            "PSK-AES128-GCM-SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256",
            "PSK-AES256-GCM-SHA384", "TLS_PSK_WITH_AES_256_GCM_SHA384",
            "PSK-CHACHA20-POLY1305", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
            "PSK-AES128-CBC-SHA256", "TLS_PSK_WITH_AES_128_CBC_SHA256",
            "PSK-AES256-CBC-SHA384", "TLS_PSK_WITH_AES_256_CBC_SHA384",
            "ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
            "ECDHE-PSK-AES256-CBC-SHA384", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
            "ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256");

    /** Keywords that select all of the PSK suites Sluice offers. */
    private static final Set<String> ALL_OF_OURS = Set.of("PSK", "APSK", "KPSK", "KECDHEPSK", "ECDHEPSK", "HIGH", "ALL",
            "DEFAULT", "AESGCM", "AES", "AEAD");

    /** Exclusions of what Sluice never offers to PSK peers anyway. */
    private static final Set<String> NONE_OF_OURS = Set.of("ANULL", "ENULL", "NULL", "SSLV2", "SSLV3", "DH", "EDH",
            "DHE", "KDHE", "KEDH", "KDHEPSK", "DHEPSK", "KRSAPSK", "RSAPSK", "EXPORT", "EXP", "LOW", "MEDIUM", "MD5",
            "RC4", "3DES", "DES", "IDEA", "SEED", "CAMELLIA", "ARIA", "SRP", "KSRP", "DSS", "ADSS", "SHA1", "SHA",
            "AECDSA", "ARSA", "ECDSA", "RSA", "KRSA");

    private PskCiphers() {
    }

    /** IANA names in order, or null for the provider's PSK defaults. */
    static List<String> parse(ConfigValues values, String value) throws ConfigException {
        if (value == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean keyword = false;
        for (String item : value.split("[:,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String upper = item.toUpperCase(Locale.ROOT);
            if (OPENSSL_NAMES.containsKey(upper)) {
                names.add(OPENSSL_NAMES.get(upper));
            } else if (upper.startsWith("TLS_") && upper.contains("PSK_WITH_")) {
                names.add(upper);
            } else if (ALL_OF_OURS.contains(upper) || upper.startsWith("@")) {
                keyword = true;
            } else if ((upper.startsWith("!") || upper.startsWith("-")) && NONE_OF_OURS.contains(upper.substring(1))) {
                keyword = true;
            } else {
                throw values.error("ciphers", value, "'" + item + "' is not understood with PSKsecrets: list PSK suites"
                        + " (e.g. ECDHE-PSK-AES128-CBC-SHA256:PSK-AES128-GCM-SHA256, or IANA names), or use PSK"
                        + " for the defaults");
            }
        }
        if (keyword && !names.isEmpty()) {
            throw values.error("ciphers", value, "mixes PSK suite names with keywords: list the suites alone, or use"
                    + " PSK for the defaults");
        }
        return names.isEmpty() ? null : names;
    }
}
