package io.sluice.stunnel;

import java.util.List;

/** stunnel's protocol version names against the two Sluice speaks. */
final class Versions {

    static final String LOWEST = "TLSv1.2";
    private static final List<String> SLUICE = List.of(LOWEST, "TLSv1.3");
    private static final List<String> OBSOLETE = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1");

    private Versions() {
    }

    /** @return TLSv1.2 or TLSv1.3 as Sluice spells them, null for an obsolete version or {@code all} */
    static String sluice(String value) {
        return SLUICE.stream().filter(value::equalsIgnoreCase).findFirst().orElse(null);
    }

    static boolean isObsolete(String value) {
        return OBSOLETE.stream().anyMatch(value::equalsIgnoreCase);
    }

    static boolean isAll(String value) {
        return "all".equalsIgnoreCase(value);
    }
}
