package io.sluice.access.hosts.rules;

import java.util.function.Predicate;

/**
 * libwrap's {@code string_match}, in its order: wildcards, {@code .suffix}, {@code ALL},
 * {@code KNOWN}, {@code prefix.}, else an exact comparison. All but wildcards ignore case.
 */
final class StringPatterns {

    private StringPatterns() {
    }

    static Predicate<String> compile(String token) {
        if (Glob.isGlob(token)) {
            return s -> Glob.matches(token, s);
        }
        if (token.startsWith(".")) {
            // A proper suffix only: ".example.com" does not match "example.com" itself.
            return s -> s.length() > token.length() && s.regionMatches(true, s.length() - token.length(), token, 0, token.length());
        }
        if (token.equalsIgnoreCase("ALL")) {
            return s -> true;
        }
        if (token.equalsIgnoreCase("KNOWN")) {
            return s -> !s.equalsIgnoreCase("unknown");
        }
        if (token.endsWith(".")) {
            return s -> s.regionMatches(true, 0, token, 0, token.length());
        }
        return s -> s.equalsIgnoreCase(token);
    }
}
