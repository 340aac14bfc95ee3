package io.sluice.access.hosts.rules;

import io.sluice.api.access.AccessDecision;

/**
 * A verdict and what decided it.
 *
 * @param rule     "FILE:LINE", or a sentence for the default
 * @param severity the deciding rule's severity option, or null
 */
public record Decision(boolean allowed, String rule, Severity severity) {

    static final Decision DEFAULT = new Decision(true, "default (no rule matched)", null);

    static Decision by(Rule rule, Action meaning) {
        Action action = rule.action() != null ? rule.action() : meaning;
        return new Decision(action == Action.ALLOW, rule.source(), rule.severity());
    }

    public AccessDecision toAccessDecision() {
        return new AccessDecision(allowed, rule);
    }
}
