package io.sluice.protocol.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code protocolHeader}: the extra header lines of the CONNECT request, as stunnel's repeatable
 * option. stunnel takes one line per option line; a flat key=value configuration has one value per
 * key, so the lines are separated by a line feed ({@code \n} in a .cfg file, the properties escape):
 * the one character that can never be part of a header line, whereas a comma can (a list value).
 */
final class ProtocolHeaders {

    /** RFC 9110 5.1/5.5: {@code token ":" OWS field-value}, the value without control characters but HTAB. */
    private static final Pattern LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\\t\\x20-\\x7e\\x80-\\xff]*");

    private ProtocolHeaders() {
    }

    /**
     * @param value the option's value, null when unset
     * @return the header lines in order; none when unset
     * @throws IllegalArgumentException naming the first line that is no header line
     */
    static List<String> parse(String value) {
        List<String> lines = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return lines;
        }
        for (String line : value.strip().split("\n", -1)) {
            if (line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("header line " + (lines.size() + 1) + " holds a CR");
            }
            String header = line.strip();
            if (!LINE.matcher(header).matches()) {
                throw new IllegalArgumentException("header line " + (lines.size() + 1) + " '"
                        + HttpLines.printable(header) + "' is not 'Name: value' (a token name, no control characters)");
            }
            lines.add(header);
        }
        return lines;
    }
}
