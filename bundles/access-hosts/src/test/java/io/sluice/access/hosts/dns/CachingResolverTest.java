package io.sluice.access.hosts.dns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.sluice.access.hosts.rules.HostName;

public class CachingResolverTest {

    private final List<CompletableFuture<HostName>> lookups = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final CachingResolver cache = new CachingResolver(address -> {
        CompletableFuture<HostName> lookup = new CompletableFuture<>();
        lookups.add(lookup);
        return lookup;
    }, Duration.ofSeconds(60), 2, now::get);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    public void concurrentChecksShareOneLookupAndLaterOnesUseTheAnswer() throws Exception {
        CompletionStage<HostName> first = cache.resolve(ip("10.0.0.1"));
        CompletionStage<HostName> second = cache.resolve(ip("10.0.0.1"));
        assertEquals(1, lookups.size());
        assertFalse(first.toCompletableFuture().isDone());
        lookups.get(0).complete(HostName.known("a.example.com"));
        assertEquals("a.example.com", second.toCompletableFuture().getNow(null).name());
        assertEquals("a.example.com", cache.resolve(ip("10.0.0.1")).toCompletableFuture().getNow(null).name());
        assertEquals(1, lookups.size());
    }

    @Test
    public void answersExpire() throws Exception {
        cache.resolve(ip("10.0.0.1"));
        lookups.get(0).complete(HostName.UNKNOWN);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        cache.resolve(ip("10.0.0.1"));
        assertEquals(2, lookups.size());
    }

    @Test
    public void failedLookupsAreNotKept() throws Exception {
        CompletionStage<HostName> failed = cache.resolve(ip("10.0.0.1"));
        lookups.get(0).completeExceptionally(new IllegalStateException("pool full"));
        assertTrue(failed.toCompletableFuture().isCompletedExceptionally());
        cache.resolve(ip("10.0.0.1"));
        assertEquals(2, lookups.size());
    }

    @Test
    public void oldestEntriesGoBeyondTheBound() throws Exception {
        for (String ip : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
            cache.resolve(ip(ip));
        }
        lookups.forEach(l -> l.complete(HostName.UNKNOWN));
        cache.resolve(ip("10.0.0.3"));
        cache.resolve(ip("10.0.0.1"));
        assertEquals("10.0.0.1 was evicted and is looked up again", 4, lookups.size());
    }

    @Test
    public void callersCannotCompleteTheSharedAnswer() throws Exception {
        cache.resolve(ip("10.0.0.1")).toCompletableFuture().complete(HostName.known("forged.example.com"));
        lookups.get(0).complete(HostName.UNKNOWN);
        assertEquals(HostName.UNKNOWN, cache.resolve(ip("10.0.0.1")).toCompletableFuture().getNow(null));
    }
}
