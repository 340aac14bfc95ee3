package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class MalformedLinesTest {

    private static Problem only(String line) {
        List<Problem> problems = Rules.problemsOf(line);
        assertEquals(line, 1, problems.size());
        return problems.get(0);
    }

    private static void refused(String line, String expected) {
        Problem problem = only(line);
        assertTrue(problem + " should say " + expected, problem.message().contains(expected));
    }

    @Test
    public void badLinesAreReportedWithFileAndLineAndTheOthersStillApply() {
        Rules rules = Rules.withProblems("web: 10.0.0.1\nno separator here\n# c\nweb: 10.0.0.300\nweb: 10.0.0.2\n");
        assertEquals(List.of("hosts.allow:2: missing \":\" separator", "hosts.allow:4"),
                List.of(rules.problems().get(0).toString(), rules.problems().get(1).toString().substring(0, 13)));
        assertEquals("hosts.allow:5", rules.decide("web", "10.0.0.2").rule());
        assertEquals("hosts.allow:1", rules.decide("web", "10.0.0.1").rule());
    }

    @Test
    public void lineNumberOfAContinuedLineIsItsFirstLine() {
        List<Problem> problems = Rules.problemsOf("web: ALL\nweb: \\\n  10.0.0.1 \\\n  : spawn echo\n");
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
    }

    @Test
    public void emptyLists() {
        refused(": 10.0.0.1", "empty daemon list");
        refused("web : ", "empty client list");
        refused(" , : ALL", "empty daemon list");
    }

    @Test
    public void exceptWithoutOperands() {
        refused("web: EXCEPT 10.0.0.1", "nothing before it in the client list");
        refused("web: 10.0.0.1 EXCEPT", "nothing after it in the client list");
        refused("ALL EXCEPT: ALL", "nothing after it in the daemon list");
    }

    @Test
    public void badAddresses() {
        refused("web: 10.0.0.256", "not an IPv4 address");
        refused("web: 10.0.0", "not an IPv4 address");
        refused("web: 1.2.3.4.5.", "not an address prefix");
        refused("web: 10.0.0.0/33", "prefix length must be 0 to 32");
        refused("web: 10.0.0.0/255.255.0", "not an IPv4 address");
        refused("web: 10.0.0.0/", "prefix length");
        refused("web: [2001:db8::1", "missing \"]\"");
        refused("web: [2001:db8::g]", "not an IPv6 address");
        refused("web: [2001:db8::]/129", "prefix length must be 0 to 128");
        refused("web: [example.com]", "not an IPv6 address");
        refused("web: [1.2.3.4]", "not an IPv6 address");
        refused("web: foo/24", "not an IPv4 address");
    }

    @Test
    public void networksWithHostBitsAreRefusedBecauseLibwrapNeverMatchesThem() {
        refused("web: 10.1.2.3/8", "bits set outside its mask");
        refused("web: 10.1.2.3/255.0.0.0", "bits set outside its mask");
        refused("web: [2001:db8::1]/64", "bits set outside its mask");
    }

    @Test
    public void shellOptionsAreRefused() {
        refused("web: ALL : spawn /bin/echo %a", "\"spawn\" runs a shell command");
        refused("web: ALL : twist /bin/echo no", "\"twist\" runs a shell command");
        refused("web: ALL : aclexec /bin/true", "\"aclexec\" runs a shell command");
    }

    @Test
    public void optionsWithoutMeaningHereAreRefusedByName() {
        for (String option : List.of("keepalive", "linger 10", "rfc931 5", "banners /etc/banners", "nice 5",
                "setenv A B", "umask 022", "user nobody", "group nogroup")) {
            String keyword = option.split(" ")[0];
            refused("web: ALL : " + option, "option \"" + keyword + "\" is not supported");
        }
        refused("web: ALL : frobnicate", "unknown option \"frobnicate\"");
    }

    @Test
    public void allowAndDenyMustBeLastAndTakeNoValue() {
        refused("web: ALL : allow : severity info", "\"allow\" must be the last option");
        refused("web: ALL : deny : allow", "\"deny\" must be the last option");
        refused("web: ALL : allow yes", "\"allow\" takes no value");
    }

    @Test
    public void badSeverity() {
        refused("web: ALL : severity loud", "unknown level \"loud\"");
        refused("web: ALL : severity kitchen.info", "unknown facility \"kitchen\"");
    }

    @Test
    public void netgroupsAndIdentAreRefusedAsUnsupported() {
        refused("web: @trusted", "NIS netgroups are not supported");
        refused("web: alice@10.0.0.1", "user@host patterns need IDENT");
        refused("web: ALL EXCEPT KNOWN@ALL", "user@host patterns need IDENT");
    }

    @Test
    public void serverPartOfDaemonAtHostMustBeAnAddress() {
        refused("web@server.example.com: ALL", "after daemon@ only an address, a network or ALL");
    }

    @Test
    public void refusedLineDoesNotMatch() {
        Rules rules = Rules.withProblems("ALL: ALL : spawn echo\n");
        assertTrue(rules.allows("web", "10.0.0.1"));
        assertFalse(Rules.withProblems("ALL: ALL : spawn echo\nALL: ALL: deny\n").allows("web", "10.0.0.1"));
    }
}
