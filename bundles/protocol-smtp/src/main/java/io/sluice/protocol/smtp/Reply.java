package io.sluice.protocol.smtp;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's reply (RFC 5321 4.2): one line {@code 250 text}, or several {@code 250-text} lines
 * ended by {@code 250 text}, all with the same code.
 *
 * @param code  the reply code
 * @param lines the lines as received, without CR LF
 */
record Reply(int code, List<String> lines) {

    /** More lines than any real server sends in one reply: a server cannot keep Sluice reading forever. */
    static final int MAX_LINES = 100;

    private static final Pattern LINE = Pattern.compile("([2-5][0-9][0-9])([ -].*)?", Pattern.DOTALL);

    static Reply read(PlainChannel server) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = Lines.read(server);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IOException("smtp: malformed reply line from the server: '" + Lines.printable(line) + "'");
            }
            int code = Integer.parseInt(m.group(1));
            if (!lines.isEmpty() && code != Integer.parseInt(lines.get(0).substring(0, 3))) {
                throw new IOException("smtp: reply code changes within a multi-line reply: '" + Lines.printable(line) + "'");
            }
            lines.add(line);
            if (m.group(2) == null || m.group(2).charAt(0) == ' ') {
                return new Reply(code, List.copyOf(lines));
            }
            if (lines.size() == MAX_LINES) {
                throw new IOException("smtp: a multi-line reply from the server goes on beyond " + MAX_LINES + " lines");
            }
        }
    }

    /** Fails unless the code is the expected one; the message names the step and quotes the server. */
    Reply require(int expected, String step) throws IOException {
        if (code != expected) {
            throw new IOException("smtp: expected " + expected + " " + step + ", the server answered '"
                    + Lines.printable(lines.get(lines.size() - 1)) + "'");
        }
        return this;
    }

    /** The EHLO keywords (RFC 5321 4.1.1.1): the first word of every line but the first. */
    List<String> keywords() {
        List<String> keywords = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String text = line.length() > 4 ? line.substring(4).trim() : "";
            if (!text.isEmpty()) {
                keywords.add(text.split(" ", 2)[0].toUpperCase(Locale.ROOT));
            }
        }
        return keywords;
    }
}
