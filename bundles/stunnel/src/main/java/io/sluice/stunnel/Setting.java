package io.sluice.stunnel;

/** An option line kept for a service (or, in the global part, for every service). */
record Setting(Option option, String value, Where where) {

    String name() {
        return option.name();
    }
}
