package io.sluice.access.hosts.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rules file into logical lines: backslash-newline joins the next line (with nothing in
 * between, as libwrap's {@code xgets} does), blank lines and lines starting with {@code #} are
 * dropped. Each line keeps the number of its first physical line, for error messages.
 */
final class LogicalLines {

    record Line(int number, String text) {
    }

    private LogicalLines() {
    }

    static List<Line> of(String content) {
        List<Line> lines = new ArrayList<>();
        String[] physical = content.split("\n", -1);
        StringBuilder current = new StringBuilder();
        int first = 0;
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i].endsWith("\r") ? physical[i].substring(0, physical[i].length() - 1) : physical[i];
            if (current.length() == 0) {
                first = i + 1;
            }
            if (line.endsWith("\\") && i + 1 < physical.length) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            add(lines, first, current.toString());
            current.setLength(0);
        }
        return lines;
    }

    private static void add(List<Line> lines, int number, String text) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
            lines.add(new Line(number, text));
        }
    }
}
