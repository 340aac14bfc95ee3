package io.sluice.stunnel.launcher;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One log event in stunnel's format, {@code 2026.11.25 15:40:01 LOG5[3]: Service [web] accepted
 * connection from 192.0.2.7:50312}, so that scripts and fail2ban filters written for stunnel keep
 * working. Sluice logs per-connection events at DEBUG with the prefix {@code Service [NAME] #ID};
 * here the id moves into the brackets and the level becomes the one stunnel gives the same event.
 */
record StunnelLogLine(int level, String id, String text) {

    /** The transport's per-connection prefix (transport-mina Connection.tag()). */
    private static final Pattern CONNECTION = Pattern.compile("Service \\[([^\\]]*)\\] #(\\d+) (.*)", Pattern.DOTALL);
    private static final Pattern MARK = Pattern.compile("^\\[[!:. ]\\] ");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final int MAX_TEXT = 1024;

    /** Connection events that stunnel names the service in, by the start of the text. */
    private static final List<String> NAMED = List.of("accepted connection", "connected remote server");

    /** stunnel's level of an event, by the start of its text; the first match counts. */
    private static final List<Rule> RULES = List.of(
            new Rule("accepted connection", 5), new Rule("connected remote server", 5),
            new Rule("Connection closed", 5), new Rule("Connection reset", 5),
            new Rule("s_connect: connected", 5), new Rule("s_connect: connecting", 6),
            new Rule("s_connect: connect ", 3), new Rule("No more addresses", 3),
            new Rule("No remote host resolved", 3), new Rule("TLS accepted", 6), new Rule("TLS connected", 6),
            new Rule("TLSv1", 6), new Rule("ALPN protocol negotiated", 6), new Rule("PSK identity:", 6),
            new Rule("SSL_accept", 3), new Rule("SSL_connect", 3), new Rule("transfer: TIMEOUTclose", 3),
            new Rule("transfer: TIMEOUTidle", 6), new Rule("TLS handshake not done", 3),
            new Rule("SNI: requested servername", 6), new Rule("SNI: switched to service", 5),
            new Rule("SNI: no pattern matched", 3), new Rule("SNI: no servername received", 5),
            new Rule("Redirecting connection", 5), new Rule("Key configured for PSK identity", 5),
            new Rule("Local mode child started", 6), new Rule("Child process", 6),
            new Rule("Retrying an exec+connect section", 6), new Rule("exec: cannot start", 3),
            new Rule("Certificate accepted at depth=0:", 5), new Rule("Certificate accepted at depth=", 6),
            new Rule("Rejected by CERT at depth=", 4), new Rule("CERT: Pre-verification error", 4),
            new Rule("TLS handshake failed", 3), new Rule("Connection rejected", 4),
            new Rule("Aborting due to renegotiation request", 3), new Rule("setup not done", 3),
            new Rule("Libwrap is not supported on Unix sockets", 6));

    /**
     * Lines stunnel writes only once its configuration is loaded ("Configuration successful"):
     * binding, and anything of a connection (an exec+connect service's, inetd mode's).
     */
    private static final Pattern AFTER_CONFIGURATION = Pattern.compile(
            "Service \\[[^\\]]*\\]( (\\(FD=\\d+\\) )?bound to | (client|server) mode, TLS by | serves | runs |: cannot bind )"
                    + "|Binding service \\[.*");

    /**
     * A listening socket and the start of accepting: stunnel's info lines (5.68), where Sluice's
     * start lines are INFO.
     */
    private static final Pattern STARTUP_INFO = Pattern.compile(
            "Service \\[[^\\]]*\\] (\\(FD=\\d+\\) )?bound to |" + LauncherComponent.ACCEPTING + "$");

    /** A service's listener closed (stop, reload, end): stunnel's debug line. */
    private static final Pattern CLOSED = Pattern.compile("Service \\[[^\\]]*\\] closed");

    private record Rule(String start, int level) {
    }

    /** stunnel writes this line after {@code Configuration successful}, never before. */
    boolean afterConfiguration(String threadId) {
        return !id.equals(threadId) || AFTER_CONFIGURATION.matcher(text).lookingAt();
    }

    /**
     * @param syslogLevel the level Sluice logged at, as a syslog number (ERROR 3, WARN 4, INFO 5, DEBUG 7)
     * @param message     the rendered message
     * @param threadId    stunnel's id for lines of no connection: "ui" in the foreground, "main" otherwise
     */
    static StunnelLogLine of(int syslogLevel, String rendered, String threadId) {
        // The reader's messages carry stunnel's stderr marks ("[!] ") for the preflight; a log line has its level.
        String message = MARK.matcher(rendered).replaceFirst("");
        Matcher connection = CONNECTION.matcher(message);
        if (!connection.matches()) {
            int level = message.contains(" REFUSED by libwrap ") ? 4
                    : CLOSED.matcher(message).matches() ? 7
                    : STARTUP_INFO.matcher(message).lookingAt() ? Math.max(syslogLevel, 6) : syslogLevel;
            return new StunnelLogLine(level, threadId, printable(message));
        }
        String text = connection.group(3);
        int level = syslogLevel;
        for (Rule rule : RULES) {
            if (text.startsWith(rule.start())) {
                level = Math.min(syslogLevel, rule.level());
                break;
            }
        }
        if (NAMED.stream().anyMatch(text::startsWith)) {
            text = "Service [" + connection.group(1) + "] " + text;
        }
        return new StunnelLogLine(level, connection.group(2), printable(text));
    }

    /** The syslog number of a Sluice log level: INFO is notice, stunnel's default threshold. */
    static int syslogLevel(String level) {
        return switch (level) {
            case "AUDIT" -> 0;
            case "ERROR" -> 3;
            case "WARN" -> 4;
            case "INFO" -> 5;
            default -> 7;
        };
    }

    String render(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis)) + " " + renderForSyslog();
    }

    /** stunnel's syslog message: syslog adds the time, the ident and the pid. */
    String renderForSyslog() {
        return "LOG" + level + "[" + id + "]: " + text;
    }

    /** As stunnel: control characters become '.', and a line ends at 1024 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        for (int i = 0; i < text.length() && out.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '.' : c);
        }
        return out.toString();
    }
}
