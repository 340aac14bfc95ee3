package io.sluice.stunnel;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** A line of a configuration file, shown in messages as stunnel shows it: {@code FILE:LINE: "TEXT"}. */
record Where(Path file, int line, String text) {

    /** An option whose name looks like a password or secret, misspelt (passwd, pasword) or misplaced ones included. */
    private static final Pattern SECRET = Pattern.compile("(?i)([^=]*(pas+w|pwd|secret)[^=]*=).*");

    /** Keeps passwords out of messages and logs, unlike stunnel, which echoes the line. */
    static Where of(Path file, int line, String text) {
        return new Where(file, line, SECRET.matcher(text).replaceFirst("$1 ****"));
    }

    /** Line 0 stands for the file as a whole (a rule of the inetd-mode service, which has no header line). */
    @Override
    public String toString() {
        if (line == 0) {
            return file.toString();
        }
        return file + ":" + line + ": \"" + text + "\"";
    }
}
