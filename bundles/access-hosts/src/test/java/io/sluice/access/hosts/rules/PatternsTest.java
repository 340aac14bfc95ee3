package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PatternsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static boolean denies(String clients, String address, HostName name) {
        return !Rules.denying("web: " + clients + "\n").decide("web", address, name).allowed();
    }

    private static boolean denies(String clients, String address) {
        return denies(clients, address, HostName.UNKNOWN);
    }

    private static boolean deniesName(String clients, String name) {
        return denies(clients, "192.0.2.7", HostName.known(name));
    }

    @Test
    public void all() {
        assertTrue(denies("ALL", "10.0.0.1"));
        assertTrue(denies("all", "2001:db8::1"));
        assertTrue("ALL needs no lookup", Rules.denying("web: ALL\n").decidedWithoutName("web", "10.0.0.1"));
    }

    @Test
    public void known() {
        assertTrue(deniesName("KNOWN", "host.example.com"));
        assertFalse(denies("KNOWN", "10.0.0.1", HostName.UNKNOWN));
        assertFalse("a name that does not lead back is not known", denies("KNOWN", "10.0.0.1", HostName.PARANOID));
    }

    @Test
    public void unknown() {
        assertTrue(denies("UNKNOWN", "10.0.0.1", HostName.UNKNOWN));
        assertFalse(deniesName("UNKNOWN", "host.example.com"));
        assertFalse(denies("UNKNOWN", "10.0.0.1", HostName.PARANOID));
    }

    @Test
    public void paranoid() {
        assertTrue(denies("PARANOID", "10.0.0.1", HostName.PARANOID));
        assertFalse(denies("PARANOID", "10.0.0.1", HostName.UNKNOWN));
        assertFalse(deniesName("paranoid", "host.example.com"));
    }

    @Test
    public void local() {
        assertTrue(deniesName("LOCAL", "printer"));
        assertFalse(deniesName("LOCAL", "printer.example.com"));
        assertFalse(denies("LOCAL", "10.0.0.1", HostName.UNKNOWN));
    }

    @Test
    public void leadingDotIsADomainSuffix() {
        assertTrue(deniesName(".example.com", "host.example.com"));
        assertTrue(deniesName(".example.com", "a.b.EXAMPLE.com"));
        assertFalse("the domain itself is not a host in it", deniesName(".example.com", "example.com"));
        assertFalse(deniesName(".example.com", "host.badexample.com"));
        assertFalse("a paranoid name is never compared", denies(".example.com", "10.0.0.1", HostName.PARANOID));
    }

    @Test
    public void exactHostNameIgnoresCase() {
        assertTrue(deniesName("Host.Example.COM", "host.example.com"));
        assertFalse(deniesName("host.example.com", "host.example.com.evil.org"));
    }

    @Test
    public void trailingDotIsAnAddressPrefix() {
        assertTrue(denies("192.168.", "192.168.44.1"));
        assertFalse(denies("192.168.", "192.169.0.1"));
        assertTrue(denies("10.", "10.255.255.255"));
        assertTrue(denies("10.1.2.", "10.1.2.200"));
        assertFalse(denies("10.1.2.", "10.1.20.1"));
        assertTrue(Rules.denying("web: 192.168.\n").decidedWithoutName("web", "10.0.0.1"));
    }

    @Test
    public void trailingDotOnANameIsANamePrefix() {
        assertTrue(deniesName("printer.", "printer.example.com"));
        assertFalse(deniesName("printer.", "printers.example.com"));
    }

    @Test
    public void exactIPv4Address() {
        assertTrue(denies("10.0.0.1", "10.0.0.1"));
        assertFalse(denies("10.0.0.1", "10.0.0.10"));
    }

    @Test
    public void ipv4NetAndMask() {
        // The manual's example: 131.155.72.0 to 131.155.73.255.
        String pattern = "131.155.72.0/255.255.254.0";
        assertTrue(denies(pattern, "131.155.72.0"));
        assertTrue(denies(pattern, "131.155.73.255"));
        assertFalse(denies(pattern, "131.155.74.0"));
        assertFalse(denies(pattern, "131.155.71.255"));
    }

    @Test
    public void ipv4NonContiguousMaskAsLibwrapComparesBits() {
        assertTrue(denies("10.0.0.1/255.0.0.255", "10.9.9.1"));
        assertFalse(denies("10.0.0.1/255.0.0.255", "10.9.9.2"));
    }

    @Test
    public void ipv4PrefixLength() {
        assertTrue(denies("10.1.0.0/16", "10.1.255.1"));
        assertFalse(denies("10.1.0.0/16", "10.2.0.1"));
        assertTrue(denies("0.0.0.0/0", "203.0.113.9"));
        assertTrue(denies("10.1.2.3/32", "10.1.2.3"));
        assertFalse(denies("10.1.2.3/32", "10.1.2.4"));
    }

    @Test
    public void ipv6AddressAndPrefix() {
        assertTrue(denies("[2001:db8::1]", "2001:db8::1"));
        assertTrue(denies("[2001:DB8:0:0:0:0:0:1]", "2001:db8::1"));
        assertFalse(denies("[2001:db8::1]", "2001:db8::2"));
        // The manual's example.
        assertTrue(denies("[3ffe:505:2:1::]/64", "3ffe:505:2:1::abcd"));
        assertFalse(denies("[3ffe:505:2:1::]/64", "3ffe:505:2:2::1"));
        assertTrue(denies("[2001:db8::]/32", "2001:db8:ffff::1"));
        assertTrue(denies("[2001:db8::80]/121", "2001:db8::ff"));
        assertFalse(denies("[2001:db8::80]/121", "2001:db8::7f"));
        assertTrue(denies("[::]/0", "::1"));
    }

    @Test
    public void ipv4PatternsMatchV4MappedClientsAndViceVersa() {
        assertTrue(denies("10.0.0.0/8", "::ffff:10.1.2.3"));
        assertTrue(denies("[::ffff:10.0.0.0]/104", "10.1.2.3"));
        assertFalse(denies("10.0.0.0/8", "2001:db8::a00:1"));
        assertFalse(denies("[2001:db8::]/32", "10.0.0.1"));
    }

    @Test
    public void wildcards() {
        assertTrue(deniesName("*.example.com", "www.example.com"));
        assertTrue(deniesName("www?.example.com", "www2.example.com"));
        assertFalse(deniesName("www?.example.com", "www.example.com"));
        assertFalse("wildcards are case-sensitive, as in libwrap", deniesName("*.EXAMPLE.com", "www.example.com"));
        assertTrue(denies("192.168.1.*", "192.168.1.77"));
        assertFalse(denies("192.168.1.*", "192.168.10.77"));
        assertTrue(denies("10.0.0.?", "10.0.0.7"));
        assertFalse(denies("10.0.0.?", "10.0.0.17"));
        assertTrue(denies("*", "10.0.0.17"));
    }

    @Test
    public void addressWildcardsAreNotComparedWithNames() {
        assertTrue(Rules.denying("web: 192.168.1.*\n").decidedWithoutName("web", "10.0.0.1"));
        assertFalse(denies("192.168.1.*", "10.0.0.1", HostName.known("192.168.1.evil.example")));
    }

    @Test
    public void namePatternsNeedTheNameOnlyWhenTheAddressDoesNotDecide() {
        Rules rules = Rules.denying("web: 10.0.0.1\nweb: .example.com\n");
        assertTrue(rules.decidedWithoutName("web", "10.0.0.1"));
        assertTrue("another service never reaches the name rule", rules.decidedWithoutName("mail", "10.0.0.2"));
        assertFalse(rules.decidedWithoutName("web", "10.0.0.2"));
    }

    @Test
    public void patternFileListsPatterns() throws Exception {
        Path file = folder.newFile("trusted").toPath();
        Files.writeString(file, "10.0.0.1 10.1.0.0/16\n.example.com,\n\t192.168.\n");
        String pattern = file.toAbsolutePath().toString();
        assertTrue(denies(pattern, "10.0.0.1"));
        assertTrue(denies(pattern, "10.1.2.3"));
        assertTrue(denies(pattern, "192.168.9.9"));
        assertTrue(deniesName(pattern, "a.example.com"));
        assertFalse(denies(pattern, "10.0.0.2"));
    }

    @Test
    public void patternFileIsRememberedAndMissingOneIsAnErrorOnItsLine() throws Exception {
        PatternFiles files = new PatternFiles();
        Path missing = folder.getRoot().toPath().resolve("missing");
        ParsedFile parsed = HostsParser.parse("hosts.deny", "web: " + missing + "\n", Action.DENY, files);
        // Issue 17: libwrap reads a missing pattern file as empty, so a typo silently admits everyone.
        assertEquals(List.of(new Problem("hosts.deny", 1, "pattern file " + missing + " does not exist")),
                parsed.problems());
        assertEquals("remembered: its appearance reloads the rules", java.util.Set.of(missing), files.used());
    }

    @Test
    public void badPatternInAPatternFileIsReportedOnTheLineThatNamesIt() throws Exception {
        Path file = folder.newFile("bad").toPath();
        Files.writeString(file, "10.0.0.1 @netgroup\n");
        Problem problem = Rules.problemsOf("ALL: ALL\nweb: " + file + "\n").get(0);
        assertEquals(2, problem.line());
        assertTrue(problem.message(), problem.message().contains("in pattern file " + file));
    }

    @Test
    public void daemonWildcardsAndSuffixes() {
        Rules rules = Rules.denying("web-*: ALL\n.internal: ALL\nsmtp?: ALL\n");
        assertFalse(rules.allows("web-1", "10.0.0.1"));
        assertFalse(rules.allows("mail.internal", "10.0.0.1"));
        assertFalse(rules.allows("smtps", "10.0.0.1"));
        assertTrue(rules.allows("web", "10.0.0.1"));
        assertTrue(rules.allows("smtp", "10.0.0.1"));
    }

    @Test
    public void daemonAtHostMatchesTheServerEndpoint() {
        Rules rules = Rules.denying("web@192.0.2.1: ALL\nmail@[2001:db8::]/32: ALL\nftp@ALL: ALL\n");
        assertFalse(rules.decideWithServer("web", "10.0.0.1", "192.0.2.1").allowed());
        assertTrue(rules.decideWithServer("web", "10.0.0.1", "192.0.2.2").allowed());
        assertFalse(rules.decideWithServer("mail", "10.0.0.1", "2001:db8::25").allowed());
        assertFalse("daemon@ALL needs no server address", rules.allows("ftp", "10.0.0.1"));
    }

    @Test(expected = IllegalStateException.class)
    public void daemonAtHostWithoutTheServerAddressIsAnErrorNotAGuess() {
        Rules.denying("web@192.0.2.1: ALL\n").decide("web", "10.0.0.1");
    }

    @Test
    public void atSignFirstInADaemonNameIsPartOfTheName() {
        assertFalse(Rules.denying("@odd: ALL\n").allows("@odd", "10.0.0.1"));
    }
}
