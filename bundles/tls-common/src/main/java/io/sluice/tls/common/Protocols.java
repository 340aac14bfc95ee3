package io.sluice.tls.common;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/** sslVersionMin / sslVersionMax to the engine's protocol list. */
public final class Protocols {

    /** In ascending order; Sluice never enables anything below TLS 1.2. */
    static final List<String> KNOWN = List.of("TLSv1.2", "TLSv1.3");

    private Protocols() {
    }

    public static String[] enabled(String provider, String[] supported, String min, String max)
            throws GeneralSecurityException {
        int from = index("sslVersionMin", min == null ? KNOWN.get(0) : min);
        int to = index("sslVersionMax", max == null ? KNOWN.get(KNOWN.size() - 1) : max);
        if (from > to) {
            throw new GeneralSecurityException("sslVersionMin " + min + " is above sslVersionMax " + max);
        }
        List<String> available = Arrays.asList(supported);
        String[] result = KNOWN.subList(from, to + 1).stream().filter(available::contains).toArray(String[]::new);
        if (result.length == 0) {
            throw new GeneralSecurityException("no protocol between " + min + " and " + max + " is supported by " + provider);
        }
        return result;
    }

    private static int index(String key, String version) throws GeneralSecurityException {
        int i = KNOWN.indexOf(version);
        if (i < 0) {
            throw new GeneralSecurityException(key + ": unknown TLS version " + version + " (known: " + KNOWN + ")");
        }
        return i;
    }
}
