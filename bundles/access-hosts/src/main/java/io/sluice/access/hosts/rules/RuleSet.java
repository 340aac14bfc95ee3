package io.sluice.access.hosts.rules;

import java.util.Optional;

/**
 * hosts.allow and hosts.deny compiled, immutable, shared by all checks. Evaluated as hosts_access(5):
 * the allow table first, then the deny table, the first matching rule decides, default allow.
 *
 * @param refusal when not null, no rules could be loaded and every connection is refused with this
 *                reason (access control fails closed)
 */
public record RuleSet(Table allow, Table deny, String refusal) {

    public static RuleSet of(Table allow, Table deny) {
        return new RuleSet(allow, deny, null);
    }

    public static RuleSet refusingAll(String reason) {
        return new RuleSet(Table.empty("", Action.ALLOW), Table.empty("", Action.DENY), reason);
    }

    /** Empty when the outcome depends on the client's host name and the request carries none. */
    public Optional<Decision> decide(Request request) {
        if (refusal != null) {
            return Optional.of(new Decision(false, refusal, null));
        }
        for (Table table : new Table[] {allow, deny}) {
            for (int position : table.index().candidates(request.client())) {
                Rule rule = table.rules().get(position);
                Match match = rule.match(request);
                if (match == Match.UNDECIDED) {
                    return Optional.empty();
                }
                if (match == Match.YES) {
                    return Optional.of(Decision.by(rule, table.meaning()));
                }
            }
        }
        return Optional.of(Decision.DEFAULT);
    }

    public int size() {
        return allow.rules().size() + deny.rules().size();
    }
}
