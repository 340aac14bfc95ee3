package io.sluice.access.hosts.dns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.sluice.access.hosts.rules.HostName;

public class SystemResolverTest {

    @Test
    public void aLookupThatNeverRunsCountsAsUnknownAfterTheTimeout() throws Exception {
        SystemResolver resolver = new SystemResolver(task -> { }, Duration.ofMillis(200));
        long start = System.nanoTime();
        HostName name = resolver.resolve(InetAddress.getByName("192.0.2.1")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(HostName.UNKNOWN, name);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    public void resolvesLoopbackOnTheLookupThreads() throws Exception {
        ExecutorService threads = LookupThreads.create(1, 10);
        try {
            HostName name = new SystemResolver(threads, Duration.ofSeconds(10)).resolve(InetAddress.getByName("127.0.0.1"))
                    .toCompletableFuture().get(15, TimeUnit.SECONDS);
            // Whatever this machine calls 127.0.0.1 (usually localhost), a known name is forward-confirmed.
            assertNotNull(name.status());
            if (name.isKnown()) {
                assertTrue(java.util.Arrays.asList(InetAddress.getAllByName(name.name())).contains(InetAddress.getByName("127.0.0.1")));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void aFullPoolRefusesInsteadOfQueueingWithoutBound() {
        ExecutorService threads = LookupThreads.create(1, 1);
        CompletableFuture<Void> blocker = new CompletableFuture<>();
        try {
            threads.execute(blocker::join);
            threads.execute(() -> { });
            threads.execute(() -> { });
        } catch (RejectedExecutionException expected) {
            return;
        } finally {
            blocker.complete(null);
            threads.shutdownNow();
        }
        throw new AssertionError("a third task should have been refused");
    }

    @Test
    public void reverseNames() throws Exception {
        assertEquals("4.3.2.1.in-addr.arpa", ReverseNames.of(InetAddress.getByName("1.2.3.4")));
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
                ReverseNames.of(InetAddress.getByName("2001:db8::1")));
    }
}
