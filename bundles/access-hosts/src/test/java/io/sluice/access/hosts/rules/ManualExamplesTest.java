package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The EXAMPLES of hosts_access(5) and hosts_options(5), booby traps (spawn, twist) aside. */
public class ManualExamplesTest {

    @Test
    public void mostRestrictive() {
        Rules rules = Rules.of("", "ALL: ALL\n");
        assertFalse(rules.allows("web", "10.0.0.1", "host.example.com"));
        assertFalse(rules.allows("in.tftpd", "::1", null));
    }

    @Test
    public void mostlyClosed() {
        // The manual's first allow line also has "@some_netgroup", which is refused here.
        Rules rules = Rules.of("ALL: LOCAL\nALL: .foobar.edu EXCEPT terminalserver.foobar.edu\n", "ALL: ALL\n");
        assertTrue(rules.allows("web", "10.0.0.1", "printer"));
        assertTrue(rules.allows("web", "10.0.0.2", "ws1.foobar.edu"));
        assertFalse(rules.allows("web", "10.0.0.3", "terminalserver.foobar.edu"));
        assertFalse(rules.allows("web", "10.0.0.4", "host.example.com"));
        assertFalse(rules.allows("web", "10.0.0.5", null));
    }

    @Test
    public void mostlyOpen() {
        Rules rules = Rules.of("",
                "ALL: some.host.name, .some.domain\nALL EXCEPT in.fingerd: other.host.name, .other.domain\n");
        assertFalse(rules.allows("web", "10.0.0.1", "some.host.name"));
        assertFalse(rules.allows("web", "10.0.0.1", "a.some.domain"));
        assertFalse(rules.allows("web", "10.0.0.1", "other.host.name"));
        assertFalse(rules.allows("web", "10.0.0.1", "b.other.domain"));
        assertTrue(rules.allows("in.fingerd", "10.0.0.1", "other.host.name"));
        assertFalse(rules.allows("in.fingerd", "10.0.0.1", "some.host.name"));
        assertTrue(rules.allows("web", "10.0.0.1", "friendly.example.com"));
        assertTrue(rules.allows("web", "10.0.0.1", null));
    }

    @Test
    public void tftpOnlyFromTheLocalDomain() {
        Rules rules = Rules.of("in.tftpd: LOCAL, .my.domain\n", "in.tftpd: ALL\n");
        assertTrue(rules.allows("in.tftpd", "10.0.0.1", "tftpclient"));
        assertTrue(rules.allows("in.tftpd", "10.0.0.1", "x.my.domain"));
        assertFalse(rules.allows("in.tftpd", "10.0.0.1", "x.other.domain"));
        assertTrue(rules.allows("web", "10.0.0.1", "x.other.domain"));
    }

    @Test
    public void singleFilePolicyWithAllowAndDenyOptions() {
        // hosts_options(5): everything in hosts.allow.
        Rules rules = Rules.allowing("ALL: .friendly.domain: ALLOW\nALL: ALL: DENY\n");
        assertTrue(rules.allows("web", "10.0.0.1", "h.friendly.domain"));
        assertFalse(rules.allows("web", "10.0.0.1", "h.hostile.domain"));
    }

    @Test
    public void denyUnknownAndParanoidHosts() {
        Rules rules = Rules.denying("ALL: PARANOID UNKNOWN\n");
        assertFalse(rules.decide("web", "10.0.0.1", HostName.PARANOID).allowed());
        assertFalse(rules.decide("web", "10.0.0.1", HostName.UNKNOWN).allowed());
        assertTrue(rules.decide("web", "10.0.0.1", HostName.known("h.example.com")).allowed());
    }
}
