package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class GrammarTest {

    @Test
    public void firstMatchInAllowWinsOverDeny() {
        Rules rules = Rules.of("web: 10.0.0.1\n", "ALL: ALL\n");
        Decision allowed = rules.decide("web", "10.0.0.1");
        assertTrue(allowed.allowed());
        assertEquals("hosts.allow:1", allowed.rule());
        Decision denied = rules.decide("web", "10.0.0.2");
        assertFalse(denied.allowed());
        assertEquals("hosts.deny:1", denied.rule());
    }

    @Test
    public void firstMatchingLineOfAFileDecides() {
        Rules rules = Rules.allowing("web: 10.0.0.1 : deny\nweb: 10.0.0.1 : allow\n");
        assertEquals(new Decision(false, "hosts.allow:1", null), rules.decide("web", "10.0.0.1"));
    }

    @Test
    public void noMatchAllowsByDefault() {
        Decision decision = Rules.of("web: 10.0.0.1\n", "mail: ALL\n").decide("web", "10.0.0.9");
        assertTrue(decision.allowed());
        assertEquals("default (no rule matched)", decision.rule());
    }

    @Test
    public void daemonNameIsTheServiceNameWithoutCase() {
        Rules rules = Rules.denying("Web: ALL\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
        assertTrue(rules.allows("mail", "10.0.0.1"));
    }

    @Test
    public void listItemsAreSeparatedByBlanksAndOrCommas() {
        Rules rules = Rules.denying("web,mail\tftp ,  imap: 10.0.0.1,10.0.0.2 10.0.0.3\t,10.0.0.4\n");
        for (String service : List.of("web", "mail", "ftp", "imap")) {
            for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")) {
                assertFalse(service + " " + address, rules.allows(service, address));
            }
        }
        assertTrue(rules.allows("pop", "10.0.0.1"));
        assertTrue(rules.allows("web", "10.0.0.5"));
    }

    @Test
    public void exceptInTheClientList() {
        Rules rules = Rules.denying("ALL: 10.0.0.0/8 EXCEPT 10.1.0.0/16\n");
        assertFalse(rules.allows("web", "10.2.3.4"));
        assertTrue(rules.allows("web", "10.1.3.4"));
    }

    @Test
    public void exceptInTheDaemonList() {
        Rules rules = Rules.denying("ALL EXCEPT ssh: ALL\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
        assertTrue(rules.allows("ssh", "10.0.0.1"));
    }

    @Test
    public void exceptNestsToTheRight() {
        // 10/8 except (10.1/16 except 10.1.2/24)
        Rules rules = Rules.denying("ALL: 10.0.0.0/8 EXCEPT 10.1.0.0/16 EXCEPT 10.1.2.0/24\n");
        assertFalse(rules.allows("web", "10.9.9.9"));
        assertTrue(rules.allows("web", "10.1.9.9"));
        assertFalse(rules.allows("web", "10.1.2.9"));
        assertTrue(rules.allows("web", "11.0.0.1"));
    }

    @Test
    public void exceptWithSeveralItemsOnEachSideAndAnyCase() {
        Rules rules = Rules.denying("ALL: 10. 192.168. except 10.0.0.1 192.168.0.1\n");
        assertFalse(rules.allows("web", "10.0.0.2"));
        assertFalse(rules.allows("web", "192.168.0.2"));
        assertTrue(rules.allows("web", "10.0.0.1"));
        assertTrue(rules.allows("web", "192.168.0.1"));
    }

    @Test
    public void backslashNewlineContinuesTheLine() {
        Rules rules = Rules.denying("web: 10.0.0.1, \\\n    10.0.0.2, \\\r\n 10.0.0.3\nmail: ALL\n");
        assertFalse(rules.allows("web", "10.0.0.2"));
        assertFalse(rules.allows("web", "10.0.0.3"));
        Decision mail = rules.decide("mail", "10.0.0.9");
        assertEquals("a joined line keeps the number of its first line; the next one counts on",
                "hosts.deny:4", mail.rule());
        assertEquals("hosts.deny:1", rules.decide("web", "10.0.0.3").rule());
    }

    @Test
    public void continuationJoinsWithNothingInBetweenAsXgetsDoes() {
        Rules rules = Rules.denying("web: 10.0.\\\n0.1\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
    }

    @Test
    public void commentsAndBlankLinesAreSkipped() {
        Rules rules = Rules.denying("# a comment: with a colon\n\n   \n  # indented comment\nweb: ALL\n# continued \\\nALL: ALL\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
        assertTrue("the continued comment swallows the next line", rules.allows("mail", "10.0.0.1"));
        assertEquals("hosts.deny:5", rules.decide("web", "10.0.0.1").rule());
    }

    @Test
    public void lastLineWithoutNewlineIsUsed() {
        assertFalse(Rules.denying("web: ALL").allows("web", "10.0.0.1"));
    }

    @Test
    public void windowsLineEndingsAreAccepted() {
        Rules rules = Rules.denying("web: 10.0.0.1\r\nmail: 10.0.0.2\r\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
        assertFalse(rules.allows("mail", "10.0.0.2"));
    }

    @Test
    public void colonsInsideBracketsDoNotSplitFields() {
        Rules rules = Rules.denying("web: [2001:db8::1] [2001:db8:1::]/48 : deny\n");
        assertFalse(rules.allows("web", "2001:db8::1"));
        assertFalse(rules.allows("web", "2001:db8:1:2::3"));
        assertTrue(rules.allows("web", "2001:db8::2"));
    }

    @Test
    public void allowOptionAllowsFromTheDenyFileAndDenyOptionDeniesFromTheAllowFile() {
        Rules rules = Rules.of("ALL: 10.0.0.1 : DENY\nALL: ALL : allow\n", "ALL: 10.0.0.2 : allow\n");
        assertFalse(rules.allows("web", "10.0.0.1"));
        assertTrue(rules.allows("web", "10.0.0.2"));
        assertTrue(rules.allows("web", "10.0.0.3"));
        Rules single = Rules.denying("ALL: 10.0.0.2 : allow\nALL: ALL\n");
        assertTrue(single.allows("web", "10.0.0.2"));
        assertFalse(single.allows("web", "10.0.0.3"));
    }

    @Test
    public void severityIsKeptWithTheDecision() {
        Rules rules = Rules.denying("ALL: 10.0.0.1 : severity auth.warning : deny\nALL: 10.0.0.2 : severity = crit\n");
        Decision one = rules.decide("web", "10.0.0.1");
        assertEquals(new Severity("auth.warning", Severity.Level.WARN), one.severity());
        assertEquals(Severity.Level.ERROR, rules.decide("web", "10.0.0.2").severity().level());
        assertEquals(null, rules.decide("web", "10.0.0.3").severity());
    }

    @Test
    public void escapedColonInOptionsIsNotASeparator() {
        List<Problem> problems = Rules.problemsOf("ALL: ALL : severity local0.notice\\: x\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message(), problems.get(0).message().contains("notice: x"));
    }

    @Test
    public void emptyOptionFieldsAreHarmless() {
        assertFalse(Rules.of("ALL: 10.0.0.1 : : deny\n", "").allows("web", "10.0.0.1"));
    }
}
