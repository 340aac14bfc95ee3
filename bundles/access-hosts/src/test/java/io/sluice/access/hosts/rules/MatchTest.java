package io.sluice.access.hosts.rules;

import static io.sluice.access.hosts.rules.Match.NO;
import static io.sluice.access.hosts.rules.Match.UNDECIDED;
import static io.sluice.access.hosts.rules.Match.YES;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class MatchTest {

    @Test
    public void undecidedOnlyWhenTheKnownPartsCannotDecide() {
        assertEquals(YES, UNDECIDED.or(YES));
        assertEquals(UNDECIDED, UNDECIDED.or(NO));
        assertEquals(NO, UNDECIDED.and(NO));
        assertEquals(UNDECIDED, UNDECIDED.and(YES));
        assertEquals(UNDECIDED, UNDECIDED.not());
        assertEquals(NO, YES.not());
    }
}
