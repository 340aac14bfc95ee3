package io.sluice.stunnel;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Parses the {@link Option.Kind#PROCESS} options of the global part; the last line of a name wins. */
final class GlobalOptionsBuilder {

    /** syslog's level names, by number. */
    private static final List<String> LEVELS = List.of(
            "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private GlobalOptions.Foreground foreground = GlobalOptions.DEFAULTS.foreground();
    private Path pid = GlobalOptions.DEFAULTS.pid();
    private Path output = GlobalOptions.DEFAULTS.output();
    private boolean appendLog = GlobalOptions.DEFAULTS.appendLog();
    private int debugLevel = GlobalOptions.DEFAULTS.debugLevel();
    private String debugFacility = GlobalOptions.DEFAULTS.debugFacility();
    private boolean syslog = GlobalOptions.DEFAULTS.syslog();
    private String setuid = GlobalOptions.DEFAULTS.setuid();
    private String setgid = GlobalOptions.DEFAULTS.setgid();
    private String service = GlobalOptions.DEFAULTS.service();

    /** @throws IllegalArgumentException with the message for the operator */
    void set(String canonicalName, String value) {
        switch (canonicalName) {
            case "foreground" -> foreground = foreground(value);
            case "pid" -> pid = value.isEmpty() ? null : Path.of(value); // stunnel: empty means no pid file
            case "output" -> output = value.isEmpty() ? null : Path.of(value);
            case "log" -> appendLog = appendLog(value);
            case "debug" -> debug(value);
            case "syslog" -> syslog = Values.yesNo(value);
            case "setuid" -> setuid = value;
            case "setgid" -> setgid = value;
            case "service" -> service = value;
            default -> throw new IllegalStateException("not a process option: " + canonicalName);
        }
    }

    GlobalOptions build() {
        return new GlobalOptions(foreground, pid, output, appendLog, debugLevel, debugFacility, syslog, setuid,
                setgid, service);
    }

    private static GlobalOptions.Foreground foreground(String value) {
        try {
            return GlobalOptions.Foreground.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Argument should be either 'yes', 'quiet' or 'no'");
        }
    }

    private static boolean appendLog(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "append" -> true;
            case "overwrite" -> false;
            default -> throw new IllegalArgumentException("Argument should be either 'append' or 'overwrite'");
        };
    }

    /** {@code [FACILITY.]LEVEL}, LEVEL a name or a digit 0-7; both case-insensitive. */
    private void debug(String value) {
        String text = value.toLowerCase(Locale.ROOT);
        int dot = text.indexOf('.');
        String facility = dot < 0 ? debugFacility : text.substring(0, dot);
        String level = text.substring(dot + 1);
        if (GlobalOptions.facilityNumber(facility) < 0) {
            throw new IllegalArgumentException("Illegal debug facility: " + facility);
        }
        int number = level.matches("[0-7]") ? Integer.parseInt(level) : LEVELS.indexOf(level);
        if (number < 0) {
            throw new IllegalArgumentException("Illegal debug level: " + level);
        }
        debugFacility = facility;
        debugLevel = number;
    }
}
