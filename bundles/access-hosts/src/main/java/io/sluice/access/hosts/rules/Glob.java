package io.sluice.access.hosts.rules;

/**
 * libwrap's {@code *} / {@code ?} wildcards over the whole string. Case-sensitive, as
 * {@code match_pattern_ylo} is (the only case-sensitive comparison in hosts_access(5)).
 */
final class Glob {

    private Glob() {
    }

    static boolean isGlob(String token) {
        return token.indexOf('*') >= 0 || token.indexOf('?') >= 0;
    }

    /** Greedy match with one backtrack point (the last '*'): linear in practice, no recursion. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
