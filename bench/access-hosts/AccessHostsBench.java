import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;

import io.sluice.access.hosts.HostsAccess;
import io.sluice.access.hosts.rules.Action;
import io.sluice.access.hosts.rules.HostName;
import io.sluice.access.hosts.rules.HostsParser;
import io.sluice.access.hosts.rules.PatternFiles;
import io.sluice.access.hosts.rules.RuleSet;

/**
 * Per-connection cost of the libwrap check (HostsAccess.check, the call the transport makes after
 * accept) with 10,000 address-pattern rules versus 1 rule, as a ratio. Not a unit test: timings on a
 * shared machine are noisy, so each figure is the median of 7 rounds of 0.3 s after a warm-up.
 */
public final class AccessHostsBench {

    private static final long ROUND_NANOS = 300_000_000L;
    private static final int ROUNDS = 7;

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        InetSocketAddress[] clients = clients(4096);

        long start = System.nanoTime();
        RuleSet many = compile(manyRules(rules));
        double compileMillis = (System.nanoTime() - start) / 1e6;
        RuleSet one = compile("web: 198.51.100.0/24\n");
        // The same rules with an EXCEPT each: not indexable, so every rule is tried (the fallback path).
        RuleSet unindexed = compile(manyRules(rules).replace("\n", " EXCEPT 255.255.255.255\n").replace(" : allow EXCEPT 255.255.255.255", " EXCEPT 255.255.255.255 : allow"));

        HostsAccess manyAccess = new HostsAccess(() -> many, HostsAccessBenchNoDns.INSTANCE);
        HostsAccess oneAccess = new HostsAccess(() -> one, HostsAccessBenchNoDns.INSTANCE);
        measure(oneAccess, clients);
        measure(manyAccess, clients);
        double oneNanos = measure(oneAccess, clients);
        double manyNanos = measure(manyAccess, clients);
        double unindexedNanos = measure(new HostsAccess(() -> unindexed, HostsAccessBenchNoDns.INSTANCE), clients);

        System.out.printf("rules compiled: %d in %.1f ms%n", many.size(), compileMillis);
        System.out.printf("check, 1 rule:        %8.1f ns per connection%n", oneNanos);
        System.out.printf("check, %d rules: %8.1f ns per connection%n", rules, manyNanos);
        System.out.printf("ratio %d rules / 1 rule: %.2f%n", rules, manyNanos / oneNanos);
        System.out.printf("for comparison, %d rules that cannot be indexed (EXCEPT on every line): %.1f ns (ratio %.0f)%n",
                rules, unindexedNanos, unindexedNanos / oneNanos);
    }

    /** Exact addresses, /24 and /16 networks and n.n.n. prefixes, each for one of a few services, some with allow. */
    static String manyRules(int count) {
        Random random = new Random(3);
        StringBuilder text = new StringBuilder();
        String[] services = {"web", "mail", "imap", "ldap"};
        for (int i = 0; i < count; i++) {
            int a = 10 + random.nextInt(200);
            int b = random.nextInt(256);
            int c = random.nextInt(256);
            text.append(services[i % services.length]).append(": ");
            switch (i % 4) {
                case 0 -> text.append(a).append('.').append(b).append('.').append(c).append('.').append(random.nextInt(256));
                case 1 -> text.append(a).append('.').append(b).append('.').append(c).append(".0/24");
                case 2 -> text.append(a).append('.').append(b).append(".0.0/255.255.0.0");
                default -> text.append(a).append('.').append(b).append('.').append(c).append('.');
            }
            text.append(i % 7 == 0 ? " : allow\n" : "\n");
        }
        return text.toString();
    }

    private static RuleSet compile(String deny) {
        var allow = HostsParser.parse("hosts.allow", "", Action.ALLOW, new PatternFiles());
        var parsed = HostsParser.parse("hosts.deny", deny, Action.DENY, new PatternFiles());
        if (!parsed.problems().isEmpty()) {
            throw new IllegalStateException(parsed.problems().toString());
        }
        return RuleSet.of(allow.table(), parsed.table());
    }

    private static InetSocketAddress[] clients(int count) throws Exception {
        Random random = new Random(5);
        InetSocketAddress[] clients = new InetSocketAddress[count];
        for (int i = 0; i < count; i++) {
            byte[] ip = {(byte) (10 + random.nextInt(200)), (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
            clients[i] = new InetSocketAddress(InetAddress.getByAddress(ip), 40000 + i);
        }
        return clients;
    }

    /** Median over rounds of the mean nanoseconds per check. */
    private static double measure(HostsAccess access, InetSocketAddress[] clients) {
        double[] perCheck = new double[ROUNDS];
        long allowed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long elapsed;
            int checks = 0;
            do {
                // Batches of 64 keep the clock reads out of the figure.
                for (int i = 0; i < 64; i++, checks++) {
                    if (access.check("web", clients[checks & (clients.length - 1)]).toCompletableFuture().getNow(null).allowed()) {
                        allowed++;
                    }
                }
                elapsed = System.nanoTime() - start;
            } while (elapsed < ROUND_NANOS);
            perCheck[round] = elapsed / (double) checks;
        }
        if (allowed == 42) {
            System.out.print("");
        }
        Arrays.sort(perCheck);
        return perCheck[ROUNDS / 2];
    }

    /** Address rules never ask for a name; a lookup here would be a bug in the benchmark's premise. */
    enum HostsAccessBenchNoDns implements io.sluice.access.hosts.dns.HostNameResolver {
        INSTANCE;

        @Override
        public java.util.concurrent.CompletionStage<HostName> resolve(InetAddress address) {
            throw new IllegalStateException("address rules needed a DNS lookup for " + address);
        }
    }
}
