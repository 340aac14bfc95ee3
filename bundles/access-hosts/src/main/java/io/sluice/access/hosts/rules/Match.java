package io.sluice.access.hosts.rules;

/**
 * The outcome of a pattern: three-valued, because a host-name pattern cannot be decided before
 * the client's name is looked up. Evaluating first without the name lets address-only rule sets
 * decide at once, and asks for DNS only when a rule that needs it is actually reached.
 */
public enum Match {
    YES, NO, UNDECIDED;

    public static Match of(boolean value) {
        return value ? YES : NO;
    }

    public Match or(Match other) {
        if (this == YES || other == YES) {
            return YES;
        }
        return this == NO && other == NO ? NO : UNDECIDED;
    }

    public Match and(Match other) {
        if (this == NO || other == NO) {
            return NO;
        }
        return this == YES && other == YES ? YES : UNDECIDED;
    }

    public Match not() {
        return this == YES ? NO : this == NO ? YES : UNDECIDED;
    }
}
