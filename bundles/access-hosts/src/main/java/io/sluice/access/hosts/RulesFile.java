package io.sluice.access.hosts;

import java.nio.file.Path;

/**
 * hosts.allow or hosts.deny as configured.
 *
 * @param key      allowFile or denyFile, for the log lines
 * @param written  the value as configured (or the default)
 * @param path     where it is read from
 * @param explicit configured by the operator rather than the default: a file that is named on purpose
 *                 and missing is a mistake (a typo must not admit everyone), a missing default is libwrap's empty file
 */
record RulesFile(String key, String written, Path path, boolean explicit) {

    /** hosts.allow and hosts.deny at their default places: missing, they are empty (libwrap). */
    static RulesFile[] defaults(Path allow, Path deny) {
        return new RulesFile[] {new RulesFile("allowFile", allow.toString(), allow, false),
                new RulesFile("denyFile", deny.toString(), deny, false)};
    }
}
