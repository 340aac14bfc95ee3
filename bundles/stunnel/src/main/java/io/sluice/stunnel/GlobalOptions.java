package io.sluice.stunnel;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of the process rather than of a tunnel, for the launcher; stunnel's defaults where absent.
 *
 * @param pid the pid file, null for none (stunnel 5.75's default)
 * @param output the log file, null for none
 * @param appendLog {@code log = append} (the default) or {@code overwrite}
 * @param debugLevel 0 (emerg) to 7 (debug); 5 (notice) by default
 * @param debugFacility the syslog facility of {@code debug = FACILITY.LEVEL}; daemon by default
 * @param setuid the user to run as, null to keep; the launcher decides whether it can honour it
 * @param setgid the group to run as, null to keep
 * @param service the syslog ident; stunnel by default
 */
public record GlobalOptions(Foreground foreground, Path pid, Path output, boolean appendLog, int debugLevel,
        String debugFacility, boolean syslog, String setuid, String setgid, String service) {

    /** {@code foreground = yes|quiet|no}: quiet stays in the foreground without logging to stderr. */
    public enum Foreground {
        NO, YES, QUIET
    }

    /** syslog's facility numbers (RFC 5424 6.2.1), by the names stunnel's debug takes; local0-7 are 16-23. */
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp");

    /** The syslog number of a facility of stunnel's {@code debug}, -1 for a name it does not take. */
    public static int facilityNumber(String name) {
        if (name.matches("local[0-7]")) {
            return 16 + name.charAt(5) - '0';
        }
        return FACILITIES.indexOf(name);
    }

    static final GlobalOptions DEFAULTS = new GlobalOptions(Foreground.NO, null, null, true, 5, "daemon", true,
            null, null, "stunnel");
}
