package io.sluice.access.hosts.rules;

import java.util.List;

/**
 * {@code item item ... [EXCEPT list]}: matches when an item matches and the exception list
 * (itself possibly with an EXCEPT, hence nesting to the right) does not.
 */
public record PatternList(List<Pattern> items, PatternList except) implements Pattern {

    public PatternList {
        items = List.copyOf(items);
    }

    @Override
    public Match match(Request request) {
        Match any = Match.NO;
        for (Pattern item : items) {
            any = any.or(item.match(request));
            if (any == Match.YES) {
                break;
            }
        }
        if (any == Match.NO || except == null) {
            return any;
        }
        return any.and(except.match(request).not());
    }
}
