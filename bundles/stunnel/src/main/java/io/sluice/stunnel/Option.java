package io.sluice.stunnel;

/**
 * How Sluice treats one stunnel option.
 *
 * @param name stunnel's spelling, also the Sluice key where the option is passed on
 * @param inGlobal the handling before the first section; null: not valid there
 * @param inSection the handling inside a section; null: not valid there
 * @param detail the reason of a refusal or warning; for {@link Kind#ONLY} the one accepted value
 */
record Option(String name, Kind inGlobal, Kind inSection, String detail) {

    enum Kind {
        /** Passed on unchanged under its own name; the last line wins, as in stunnel. */
        PASS,
        /** Repeatable in stunnel; collected in order and joined with ", " for Sluice. */
        LIST,
        /** Repeatable in stunnel, values that may hold commas (header lines): joined with a line feed. */
        LINES,
        /** A rule of its own in {@link ServiceMapper} (accept, verify, sslVersion, sni, options, exec, execArgs, retry, client, session, curve). */
        CHECKED,
        /** An option of the process, returned in {@link GlobalOptions}. */
        PROCESS,
        /** Sluice always behaves like the one value in {@code detail}; any other value is refused. */
        ONLY,
        /** Without any effect on the JVM and harmless to drop: accepted with a warning. */
        WARN,
        /** Refused with the reason in {@code detail}. */
        REFUSED
    }

    /** A service-level option: in the global part it is the default of every section. */
    static Option service(String name, Kind kind, String detail) {
        return new Option(name, kind, kind, detail);
    }

    /** A global option, not valid in a section. */
    static Option global(String name, Kind kind, String detail) {
        return new Option(name, kind, null, detail);
    }

    Kind kind(boolean global) {
        return global ? inGlobal : inSection;
    }
}
