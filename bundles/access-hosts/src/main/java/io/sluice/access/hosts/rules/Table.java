package io.sluice.access.hosts.rules;

import java.util.List;

/**
 * The compiled rules of one file.
 *
 * @param file    the file's name as reported in decisions
 * @param meaning what a match means when the rule has no allow/deny option
 */
public record Table(String file, Action meaning, List<Rule> rules, AddressIndex index) {

    public static Table of(String file, Action meaning, List<Rule> rules) {
        return new Table(file, meaning, List.copyOf(rules), AddressIndex.of(rules));
    }

    public static Table empty(String file, Action meaning) {
        return of(file, meaning, List.of());
    }
}
