package io.sluice.access.hosts.rules;

import java.util.Locale;
import java.util.Set;

/**
 * The hosts_options(5) {@code severity [facility.]level} option: the level at which the policy logs
 * the decision made by that rule. Syslog levels are mapped to the nearest log level.
 */
public record Severity(String text, Level level) {

    public enum Level { ERROR, WARN, INFO, DEBUG }

    private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5",
            "local6", "local7");

    static Severity parse(String value) throws RuleException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        int dot = text.lastIndexOf('.');
        if (dot >= 0 && !FACILITIES.contains(text.substring(0, dot))) {
            throw new RuleException("severity \"" + value + "\": unknown facility \"" + text.substring(0, dot) + "\"");
        }
        String level = text.substring(dot + 1);
        switch (level) {
            case "emerg": case "alert": case "crit": case "err":
                return new Severity(text, Level.ERROR);
            case "warning":
                return new Severity(text, Level.WARN);
            case "notice": case "info":
                return new Severity(text, Level.INFO);
            case "debug":
                return new Severity(text, Level.DEBUG);
            default:
                throw new RuleException("severity \"" + value + "\": unknown level \"" + level
                        + "\" (emerg, alert, crit, err, warning, notice, info, debug)");
        }
    }
}
