package io.sluice.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A server-mode tunnel's {@code sni = SERVICE:PATTERN[, SERVICE:PATTERN...]}: it does not listen,
 * it serves the connections of tunnel SERVICE whose client asks for a server name matching a
 * PATTERN (the whole name, or {@code *.example.com}).
 */
record SniSecondary(String primary, List<String> patterns) {

    SniSecondary {
        patterns = List.copyOf(patterns);
    }

    /** @throws IllegalArgumentException saying what is wrong with the value */
    static SniSecondary parse(String value) {
        String primary = null;
        List<String> patterns = new ArrayList<>();
        for (String item : value.split(",")) {
            String rule = item.trim();
            int colon = rule.indexOf(':');
            if (colon <= 0 || colon == rule.length() - 1) {
                throw new IllegalArgumentException("expected SERVICE:PATTERN (the listening service and a server name"
                        + " such as www.example.com or *.example.com)");
            }
            String service = rule.substring(0, colon).trim();
            if (primary != null && !primary.equals(service)) {
                throw new IllegalArgumentException("one service can be the secondary of one primary only, not of "
                        + primary + " and " + service);
            }
            primary = service;
            String pattern = rule.substring(colon + 1).trim();
            if (pattern.indexOf('*') > 0) {
                throw new IllegalArgumentException("'" + pattern + "': a '*' may only begin a pattern");
            }
            patterns.add(pattern);
        }
        return new SniSecondary(primary, patterns);
    }
}
