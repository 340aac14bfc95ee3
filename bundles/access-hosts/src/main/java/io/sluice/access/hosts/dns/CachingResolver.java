package io.sluice.access.hosts.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import io.sluice.access.hosts.rules.HostName;

/**
 * Remembers answers for a while, and shares a lookup in flight: a burst of connections from one
 * address costs one lookup. Bounded, oldest entries go first. A lookup that failed outright (the
 * pool was full) is not kept, so the next connection tries again.
 */
public final class CachingResolver implements HostNameResolver {

    private record Entry(CompletableFuture<HostName> answer, long expires) {
    }

    private final HostNameResolver resolver;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Entry> entries;

    public CachingResolver(HostNameResolver resolver, Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.resolver = resolver;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletionStage<HostName> resolve(InetAddress address) {
        CompletableFuture<HostName> answer;
        synchronized (entries) {
            Entry entry = entries.get(address);
            if (entry != null && nanoClock.getAsLong() - entry.expires() < 0) {
                return entry.answer().copy();
            }
            answer = new CompletableFuture<>();
            entries.put(address, new Entry(answer, nanoClock.getAsLong() + ttlNanos));
        }
        // Outside the lock: a resolver that answers at once runs its callbacks on this thread.
        try {
            resolver.resolve(address).whenComplete((name, error) -> complete(address, answer, name, error));
        } catch (RuntimeException e) {
            complete(address, answer, null, e);
        }
        // A copy, so that no caller can complete the shared answer.
        return answer.copy();
    }

    private void complete(InetAddress address, CompletableFuture<HostName> answer, HostName name, Throwable error) {
        if (error != null) {
            synchronized (entries) {
                Entry current = entries.get(address);
                if (current != null && current.answer() == answer) {
                    entries.remove(address);
                }
            }
            answer.completeExceptionally(error);
        } else {
            answer.complete(name);
        }
    }
}
