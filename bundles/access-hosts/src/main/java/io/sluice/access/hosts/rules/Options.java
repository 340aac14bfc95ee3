package io.sluice.access.hosts.rules;

import java.util.List;
import java.util.Locale;

/**
 * hosts_options(5) fields after the client list. Only {@code allow}, {@code deny} and
 * {@code severity} have a meaning here; everything else is refused by name rather than ignored,
 * and the options that run shell commands are refused outright.
 */
final class Options {

    private static final String SHELL = "runs a shell command; refused, since a long-running server must not run "
            + "commands taken from a rules file";

    Action action;
    Severity severity;

    static Options parse(List<String> fields) throws RuleException {
        Options options = new Options();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i).trim();
            if (field.isEmpty()) {
                continue;
            }
            if (options.action != null) {
                throw new RuleException("\"" + options.action.name().toLowerCase(Locale.ROOT) + "\" must be the last option");
            }
            options.apply(field);
        }
        return options;
    }

    private void apply(String field) throws RuleException {
        int end = 0;
        while (end < field.length() && !Character.isWhitespace(field.charAt(end)) && field.charAt(end) != '=') {
            end++;
        }
        String keyword = field.substring(0, end).toLowerCase(Locale.ROOT);
        String value = field.substring(end).trim();
        value = value.startsWith("=") ? value.substring(1).trim() : value;
        switch (keyword) {
            case "allow":
            case "deny":
                if (!value.isEmpty()) {
                    throw new RuleException("\"" + keyword + "\" takes no value");
                }
                action = keyword.equals("allow") ? Action.ALLOW : Action.DENY;
                break;
            case "severity":
                severity = Severity.parse(value);
                break;
            case "spawn":
            case "twist":
            case "aclexec":
                throw new RuleException("option \"" + keyword + "\" " + SHELL);
            case "keepalive": case "linger": case "rfc931": case "banners": case "nice": case "setenv":
            case "umask": case "user": case "group":
                throw new RuleException("option \"" + keyword + "\" is not supported (it would change the socket or the "
                        + "whole server process, or needs IDENT); only allow, deny and severity are");
            default:
                throw new RuleException("unknown option \"" + keyword + "\"; only allow, deny and severity are supported");
        }
    }
}
