package io.sluice.stunnel;

import java.util.Locale;

/** Value syntax shared by the global and the service options. */
final class Values {

    private Values() {
    }

    /** stunnel's booleans: only yes and no, in any case (Sluice's .cfg also takes true/on/1, stunnel does not). */
    static boolean yesNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("Argument should be either 'yes' or 'no'");
        };
    }
}
