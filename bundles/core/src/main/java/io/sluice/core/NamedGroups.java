package io.sluice.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * stunnel's {@code curves}: OpenSSL's group names, aliases included, as the TLS names that JSSE and
 * BCJSSE take. Only groups every JSSE provider has: a name one of them would skip, silently, could
 * leave a tunnel with a group list other than the one configured.
 */
final class NamedGroups {

    /** OpenSSL's spelling (lower case) to the TLS name; the first name of each group is the one shown. */
    private static final Map<String, String> TLS_NAMES = names();

    private NamedGroups() {
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("x25519", "x25519");
        names.put("x448", "x448");
        names.put("p-256", "secp256r1");
        names.put("prime256v1", "secp256r1");
        names.put("secp256r1", "secp256r1");
        names.put("p-384", "secp384r1");
        names.put("secp384r1", "secp384r1");
        names.put("p-521", "secp521r1");
        names.put("secp521r1", "secp521r1");
        for (int bits : new int[] {2048, 3072, 4096, 6144, 8192}) {
            names.put("ffdhe" + bits, "ffdhe" + bits);
        }
        return names;
    }

    /** @return the groups in the configured order, or null when {@code curves} is not set */
    static List<String> parse(ConfigValues values) throws ConfigException {
        String value = values.optional("curves");
        if (value == null) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (String name : value.split(":", -1)) {
            String group = TLS_NAMES.get(name.trim().toLowerCase(Locale.ROOT));
            if (group == null) {
                throw values.error("curves", value, (name.isBlank() ? "an empty group name" : "unknown group '"
                        + name.trim() + "'") + ": expected ':' separated names of X25519, X448, P-256 (prime256v1),"
                        + " P-384 (secp384r1), P-521 (secp521r1), ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192");
            }
            if (groups.contains(group)) {
                // OpenSSL refuses a list naming a group twice, aliases included.
                throw values.error("curves", value, "names group " + group + " twice");
            }
            groups.add(group);
        }
        return groups;
    }
}
