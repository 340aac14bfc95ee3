package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

/** Random garbage, and random near-misses built from the grammar's own pieces: the parser reports, never throws. */
public class FuzzTest {

    private static final String[] PIECES = {"ALL", "EXCEPT", "LOCAL", "KNOWN", "UNKNOWN", "PARANOID", ":", ":", ",", " ",
        "\t", "\\\n", "\n", "#", "[", "]", "/", ".", "*", "?", "@", "=", "\\:", "10.", "10.0.0.1", "255.255.0.0", "/24",
        "[2001:db8::]", "/64", ".example.com", "web", "allow", "deny", "severity", "auth.info", "spawn", "/tmp/none",
        "[::ffff:1.2.3.4]", "999", "0", "-", "\u00e9", "\0", "\r"};

    @Test
    public void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(80)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(256);
            }
            parse(new String(chars));
        }
    }

    @Test
    public void randomGrammarPiecesNeverThrow() {
        Random random = new Random(7);
        for (int round = 0; round < 50_000; round++) {
            StringBuilder line = new StringBuilder();
            int pieces = random.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                line.append(PIECES[random.nextInt(PIECES.length)]);
            }
            parse(line.toString());
        }
    }

    private static void parse(String content) {
        ParsedFile parsed = HostsParser.parse("fuzz", content, Action.DENY, new PatternFiles());
        RuleSet rules = RuleSet.of(Table.empty("allow", Action.ALLOW), parsed.table());
        // What did compile must evaluate without error too, with and without a name.
        for (String address : new String[] {"10.0.0.1", "2001:db8::1"}) {
            Request request = new Request("web", Rules.address(address), null, Rules.address("192.0.2.1"));
            rules.decide(request);
            assertTrue(rules.decide(request.withClientName(HostName.known("a.example.com"))).isPresent());
        }
        for (Problem problem : parsed.problems()) {
            assertTrue(problem.toString(), problem.line() >= 1 && !problem.message().isEmpty());
        }
    }
}
