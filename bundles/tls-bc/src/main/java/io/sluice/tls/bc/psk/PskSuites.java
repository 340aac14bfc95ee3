package io.sluice.tls.bc.psk;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/** Cipher suites of PSK tunnels, by IANA name. */
final class PskSuites {

    /**
     * TLS 1.2, forward secrecy first, AES-GCM before ChaCha20 (pure Java before JDK 20), CBC last
     * (OpenSSL has no ECDHE-PSK with GCM, so its ECDHE-PSK peers take CBC-SHA256 or ChaCha20).
     * No DHE_PSK (stunnel's default ciphers refuse kDHEPSK) and no RSA_PSK (it needs a certificate).
     */
    static final List<String> TLS12 = List.of(
            "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
            "TLS_PSK_WITH_AES_128_GCM_SHA256",
            "TLS_PSK_WITH_AES_256_GCM_SHA384",
            "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_PSK_WITH_AES_128_CBC_SHA256",
            "TLS_PSK_WITH_AES_256_CBC_SHA384");

    /**
     * TLS 1.3: the SHA-256 suites only. An external PSK is bound to one hash, and OpenSSL (stunnel,
     * s_client -psk) gives its callback-provided keys SHA-256.
     */
    static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    private static final Map<String, Integer> CODES = new HashMap<>();
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        for (Field field : CipherSuite.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("TLS_")) {
                try {
                    int code = field.getInt(null);
                    CODES.put(field.getName(), code);
                    NAMES.putIfAbsent(code, field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private PskSuites() {
    }

    static String name(int code) {
        return NAMES.getOrDefault(code, String.format("0x%04X", code));
    }

    /**
     * The suites to offer or accept, in order: the configured TLS 1.3 ones then the TLS 1.2 ones
     * (each null for the defaults), as far as the crypto can do them.
     *
     * @throws GeneralSecurityException for a name that is no PSK suite of ours, naming the setting
     */
    static int[] select(TlsCrypto crypto, List<String> tls13, List<String> tls12, boolean with13, boolean with12)
            throws GeneralSecurityException {
        List<Integer> codes = new ArrayList<>();
        if (with13) {
            add(codes, tls13 == null ? TLS13 : tls13, TLS13, "ciphersuites");
        }
        if (with12) {
            add(codes, tls12 == null ? TLS12 : tls12, TLS12, "ciphers");
        }
        int[] wanted = codes.stream().mapToInt(Integer::intValue).toArray();
        int[] supported = TlsUtils.getSupportedCipherSuites(crypto, wanted);
        if (supported.length == 0) {
            throw new GeneralSecurityException("no PSK cipher suite left to use (ciphers, ciphersuites, sslVersion)");
        }
        return supported;
    }

    /** TLS 1.3 suites whose hash is not the PSK's SHA-256: OpenSSL skips them for a PSK as well. */
    private static final List<String> TLS13_OTHER_HASH = List.of("TLS_AES_256_GCM_SHA384");

    private static void add(List<Integer> codes, List<String> names, List<String> allowed, String key)
            throws GeneralSecurityException {
        for (String name : names) {
            if (TLS13_OTHER_HASH.contains(name)) {
                continue;
            }
            if (!allowed.contains(name)) {
                throw new GeneralSecurityException(key + ": " + name + " is not a cipher suite of PSK tunnels (known: "
                        + String.join(", ", allowed) + ")");
            }
            codes.add(CODES.get(name));
        }
    }
}
