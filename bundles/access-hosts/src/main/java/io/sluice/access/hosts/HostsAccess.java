package io.sluice.access.hosts;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.access.hosts.dns.HostNameResolver;
import io.sluice.access.hosts.rules.Address;
import io.sluice.access.hosts.rules.Decision;
import io.sluice.access.hosts.rules.Request;
import io.sluice.access.hosts.rules.RuleSet;
import io.sluice.api.access.AccessDecision;
import io.sluice.api.access.AccessPolicy;

/**
 * The libwrap check of one connection against the current rules. Decided on the caller's thread
 * when no rule it reaches needs the client's host name (address rules never do); otherwise decided
 * again once the resolver answers, against the same rule set, on the resolver's thread. Any failure
 * completes the stage exceptionally, which refuses the connection.
 */
public final class HostsAccess implements AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(HostsAccess.class);

    private final Supplier<RuleSet> rules;
    private final HostNameResolver resolver;

    public HostsAccess(Supplier<RuleSet> rules, HostNameResolver resolver) {
        this.rules = rules;
        this.resolver = resolver;
    }

    /** {@code server} (the local endpoint, for {@code daemon@host} rules) may be null. */
    @Override
    public CompletionStage<AccessDecision> check(String service, InetSocketAddress client, InetSocketAddress server) {
        CompletionStage<AccessDecision> decision;
        try {
            decision = decide(service, client, server);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        return decision.whenComplete((result, error) -> {
            if (error != null) {
                // The transport refuses the connection; say why here, where the rules are known.
                LOG.warn("Service [{}] REFUSED by libwrap from {}: the check failed: {}", service, client, error.toString());
            }
        });
    }

    private CompletionStage<AccessDecision> decide(String service, InetSocketAddress client, InetSocketAddress server) {
        RuleSet current = rules.get();
        Request request = new Request(service, Address.of(client.getAddress()), null,
                server == null ? null : Address.of(server.getAddress()));
        return current.decide(request)
                .<CompletionStage<AccessDecision>>map(decision -> CompletableFuture.completedFuture(report(decision, request, client)))
                .orElseGet(() -> resolver.resolve(client.getAddress())
                        .thenApply(name -> report(decideWithName(current, request.withClientName(name)), request, client)));
    }

    private static Decision decideWithName(RuleSet rules, Request request) {
        return rules.decide(request)
                .orElseThrow(() -> new IllegalStateException("rules undecided although the host name is known"));
    }

    // libwrap's severity option sets the level of the verdict's log line for that rule.
    private static AccessDecision report(Decision decision, Request request, InetSocketAddress client) {
        if (decision.severity() != null) {
            String format = "Service [{}] {} by libwrap from {}:{} ({}, severity {})";
            Object[] args = {request.service(), decision.allowed() ? "permitted" : "REFUSED",
                    request.client().text(), client.getPort(), decision.rule(), decision.severity().text()};
            switch (decision.severity().level()) {
                case ERROR -> LOG.error(format, args);
                case WARN -> LOG.warn(format, args);
                case INFO -> LOG.info(format, args);
                default -> LOG.debug(format, args);
            }
        }
        return decision.toAccessDecision();
    }
}
