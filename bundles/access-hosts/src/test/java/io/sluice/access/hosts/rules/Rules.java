package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test fixture: compiles hosts.allow / hosts.deny text and asks the questions tests ask. */
final class Rules {

    private final RuleSet set;
    private final List<Problem> problems = new ArrayList<>();

    private Rules(String allow, String deny) {
        ParsedFile a = HostsParser.parse("hosts.allow", allow, Action.ALLOW, new PatternFiles());
        ParsedFile d = HostsParser.parse("hosts.deny", deny, Action.DENY, new PatternFiles());
        problems.addAll(a.problems());
        problems.addAll(d.problems());
        set = RuleSet.of(a.table(), d.table());
    }

    static Rules of(String allow, String deny) {
        Rules rules = new Rules(allow, deny);
        assertEquals("problems", List.of(), rules.problems);
        return rules;
    }

    static Rules allowing(String allow) {
        return of(allow, "");
    }

    static Rules denying(String deny) {
        return of("", deny);
    }

    /** The refused lines of an allow file. */
    static List<Problem> problemsOf(String allow) {
        return new Rules(allow, "").problems;
    }

    static Rules withProblems(String allow) {
        return new Rules(allow, "");
    }

    List<Problem> problems() {
        return problems;
    }

    /** Decision for a client with no name in DNS. */
    Decision decide(String service, String address) {
        return decide(service, address, HostName.UNKNOWN);
    }

    Decision decide(String service, String address, HostName name) {
        Request request = new Request(service, address(address), null, null);
        Optional<Decision> early = set.decide(request);
        return early.orElseGet(() -> set.decide(request.withClientName(name)).orElseThrow());
    }

    Decision decideWithServer(String service, String address, String server) {
        return set.decide(new Request(service, address(address), HostName.UNKNOWN, address(server))).orElseThrow();
    }

    /** Whether the address alone decides, without a host name lookup. */
    boolean decidedWithoutName(String service, String address) {
        return set.decide(new Request(service, address(address), null, null)).isPresent();
    }

    boolean allows(String service, String address, String name) {
        return decide(service, address, name == null ? HostName.UNKNOWN : HostName.known(name)).allowed();
    }

    boolean allows(String service, String address) {
        return decide(service, address).allowed();
    }

    static Address address(String literal) {
        try {
            return Address.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
