package io.sluice.access.hosts.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule at colons: the daemon and client fields at colons outside {@code [...]} (IPv6
 * addresses), the options at colons not escaped as {@code \:}.
 */
final class Fields {

    private Fields() {
    }

    /** [daemons, clients, option, option...]; fewer than two fields means a missing separator. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        int brackets = 0;
        for (int i = 0; i < line.length() && fields.size() < 2; i++) {
            char c = line.charAt(i);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (c == ':' && brackets == 0) {
                fields.add(line.substring(start, i));
                start = i + 1;
            }
        }
        if (fields.size() < 2) {
            fields.add(line.substring(start));
            return fields;
        }
        fields.addAll(options(line.substring(start)));
        return fields;
    }

    private static List<String> options(String text) {
        List<String> options = new ArrayList<>();
        StringBuilder option = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                option.append(':');
                i++;
            } else if (c == ':') {
                options.add(option.toString());
                option.setLength(0);
            } else {
                option.append(c);
            }
        }
        options.add(option.toString());
        return options;
    }
}
