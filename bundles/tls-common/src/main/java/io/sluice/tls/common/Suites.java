package io.sluice.tls.common;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Cipher suite order. */
public final class Suites {

    /*
     * AES-128-GCM first: cheaper than AES-256 and, on JDK 17, ChaCha20 is pure Java (~0.14 GB/s),
     * so it comes last and is only chosen by a peer that offers nothing else.
     */
    static final List<String> DEFAULT_TLS13 = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    static final List<String> DEFAULT_TLS12 = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private Suites() {
    }

    /** The TLS 1.3 suites, then the TLS 1.2 ones, each configured list or the default. */
    public static String[] enabled(String provider, String[] supported, List<String> tls13, List<String> tls12)
            throws GeneralSecurityException {
        Set<String> available = Set.of(supported);
        List<String> result = new ArrayList<>();
        result.addAll(pick(provider, available, tls13, DEFAULT_TLS13, "ciphersuites"));
        result.addAll(pick(provider, available, tls12, DEFAULT_TLS12, "ciphers"));
        if (result.isEmpty()) {
            throw new GeneralSecurityException("no cipher suite left to enable");
        }
        return result.toArray(String[]::new);
    }

    private static List<String> pick(String provider, Set<String> available, List<String> configured, List<String> defaults,
            String key) throws GeneralSecurityException {
        if (configured == null) {
            return defaults.stream().filter(available::contains).toList();
        }
        for (String suite : configured) {
            if (!available.contains(suite)) {
                throw new GeneralSecurityException(key + ": cipher suite " + suite + " is not supported by " + provider);
            }
        }
        return configured;
    }
}
