package io.sluice.access.hosts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.Test;

import io.sluice.access.hosts.dns.HostNameResolver;
import io.sluice.access.hosts.rules.Action;
import io.sluice.access.hosts.rules.HostName;
import io.sluice.access.hosts.rules.HostsParser;
import io.sluice.access.hosts.rules.PatternFiles;
import io.sluice.access.hosts.rules.RuleSet;
import io.sluice.api.access.AccessDecision;

public class HostsAccessTest {

    private final List<InetAddress> asked = new ArrayList<>();
    private final CompletableFuture<HostName> dns = new CompletableFuture<>();
    private final HostNameResolver slowResolver = address -> {
        asked.add(address);
        return dns;
    };

    private static RuleSet deny(String text) {
        return RuleSet.of(HostsParser.parse("hosts.allow", "", Action.ALLOW, new PatternFiles()).table(),
                HostsParser.parse("hosts.deny", text, Action.DENY, new PatternFiles()).table());
    }

    private static InetSocketAddress client(String ip) {
        return new InetSocketAddress(ip, 40590);
    }

    @Test
    public void addressRulesDecideAtOnceWithoutDns() {
        HostsAccess access = new HostsAccess(() -> deny("web: 10.0.0.0/8\n"), slowResolver);
        CompletableFuture<AccessDecision> refused = access.check("web", client("10.1.2.3")).toCompletableFuture();
        assertEquals(AccessDecision.deny("hosts.deny:1"), refused.getNow(null));
        assertTrue(access.check("web", client("192.0.2.1")).toCompletableFuture().getNow(null).allowed());
        assertEquals(List.of(), asked);
    }

    @Test
    public void nameRulesWaitForTheResolverWithoutBlockingTheCaller() throws Exception {
        HostsAccess access = new HostsAccess(() -> deny("web: .evil.example\n"), slowResolver);
        CompletableFuture<AccessDecision> pending = access.check("web", client("192.0.2.9")).toCompletableFuture();
        assertFalse("the check returned before the resolver answered", pending.isDone());
        assertEquals(List.of(InetAddress.getByName("192.0.2.9")), asked);
        dns.complete(HostName.known("host.evil.example"));
        assertEquals(AccessDecision.deny("hosts.deny:1"), pending.get());
    }

    @Test
    public void decisionUsesTheRulesOfWhenTheCheckStarted() throws Exception {
        RuleSet[] current = {deny("web: .evil.example\n")};
        HostsAccess access = new HostsAccess(() -> current[0], slowResolver);
        CompletableFuture<AccessDecision> pending = access.check("web", client("192.0.2.9")).toCompletableFuture();
        current[0] = deny("");
        dns.complete(HostName.known("host.evil.example"));
        assertFalse(pending.get().allowed());
    }

    @Test
    public void resolverFailureRefusesTheConnection() {
        HostsAccess access = new HostsAccess(() -> deny("web: .evil.example\n"), slowResolver);
        CompletableFuture<AccessDecision> pending = access.check("web", client("192.0.2.9")).toCompletableFuture();
        dns.completeExceptionally(new IllegalStateException("lookup pool full"));
        assertTrue(pending.isCompletedExceptionally());
    }

    @Test
    public void errorsDuringEvaluationCompleteTheStageExceptionally() {
        HostsAccess throwing = new HostsAccess(() -> {
            throw new IllegalStateException("rules broken");
        }, slowResolver);
        assertFailsWith("rules broken", throwing.check("web", client("10.0.0.1")).toCompletableFuture());
        HostsAccess unresolved = new HostsAccess(() -> deny(""), slowResolver);
        assertTrue(unresolved.check("web", InetSocketAddress.createUnresolved("nowhere.invalid", 1))
                .toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    public void daemonAtHostIsRefusedWithoutTheServerAddressAndDecidedWithIt() {
        HostsAccess access = new HostsAccess(() -> deny("web@192.0.2.1: ALL : allow\n"), slowResolver);
        assertFailsWith("needs the server address", access.check("web", client("10.0.0.1")).toCompletableFuture());
        assertTrue(access.check("web", client("10.0.0.1"), client("192.0.2.1")).toCompletableFuture().getNow(null).allowed());
    }

    @Test
    public void refusingAllRuleSetRefusesWithItsReason() {
        HostsAccess access = new HostsAccess(() -> RuleSet.refusingAll("libwrap rules not loaded (x)"), slowResolver);
        assertEquals(AccessDecision.deny("libwrap rules not loaded (x)"),
                access.check("web", client("10.0.0.1")).toCompletableFuture().getNow(null));
    }

    @Test
    public void severityRulesStillDecide() {
        HostsAccess access = new HostsAccess(() -> deny("web: ALL : severity auth.warning\n"), slowResolver);
        assertFalse(access.check("web", client("10.0.0.1")).toCompletableFuture().getNow(null).allowed());
    }

    private static void assertFailsWith(String text, CompletableFuture<?> stage) {
        try {
            stage.get();
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), e.getCause().getMessage().contains(text));
            return;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure containing " + text);
    }
}
