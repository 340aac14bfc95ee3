package io.sluice.access.hosts.rules;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

/** The index must give exactly the answer of trying every rule in order. */
public class AddressIndexTest {

    @Test
    public void firstMatchAcrossIndexedAndUnindexedRules() {
        Rules rules = Rules.denying(String.join("\n",
                "web: 10.1.0.0/16 : allow",
                "web: ALL EXCEPT 10.0.0.0/8",
                "web: 10.1.2.3",
                "web: 10.2.0.0/16 10.3. : allow",
                "mail: 10.2.3.4",
                "ALL: 10.2.3.4",
                ""));
        assertEquals("hosts.deny:1", rules.decide("web", "10.1.2.3").rule());
        assertEquals("hosts.deny:2", rules.decide("web", "11.0.0.1").rule());
        assertEquals("hosts.deny:4", rules.decide("web", "10.2.3.4").rule());
        assertEquals("hosts.deny:4", rules.decide("web", "10.3.0.1").rule());
        assertEquals("hosts.deny:5", rules.decide("mail", "10.2.3.4").rule());
        assertEquals("hosts.deny:6", rules.decide("ftp", "10.2.3.4").rule());
        assertEquals("default (no rule matched)", rules.decide("ftp", "10.9.9.9").rule());
    }

    @Test
    public void agreesWithALinearScanOnRandomRules() {
        Random random = new Random(1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append(random.nextBoolean() ? "web" : "mail").append(": ");
            switch (random.nextInt(4)) {
                case 0 -> text.append("10.").append(random.nextInt(4)).append('.').append(random.nextInt(4)).append(".0/24");
                case 1 -> text.append("10.").append(random.nextInt(4)).append('.');
                case 2 -> text.append("10.").append(random.nextInt(4)).append('.').append(random.nextInt(4)).append('.')
                        .append(random.nextInt(4));
                default -> text.append("10.0.0.0/8 EXCEPT 10.").append(random.nextInt(4)).append(".0.0/16");
            }
            text.append(random.nextBoolean() ? " : allow\n" : "\n");
        }
        Rules indexed = Rules.denying(text.toString());
        ParsedFile parsed = HostsParser.parse("hosts.deny", text.toString(), Action.DENY, new PatternFiles());
        for (int i = 0; i < 500; i++) {
            String address = "10." + random.nextInt(5) + "." + random.nextInt(5) + "." + random.nextInt(5);
            String service = random.nextBoolean() ? "web" : "mail";
            assertEquals(address, linearScan(parsed.table(), service, address), indexed.decide(service, address).rule());
        }
    }

    private static String linearScan(Table table, String service, String address) {
        Request request = new Request(service, Rules.address(address), HostName.UNKNOWN, null);
        for (Rule rule : table.rules()) {
            if (rule.match(request) == Match.YES) {
                return rule.source();
            }
        }
        return "default (no rule matched)";
    }
}
