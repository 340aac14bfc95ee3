package io.sluice.access.hosts.dns;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool blocking lookups run on, so that I/O threads never wait for DNS. Bounded both ways:
 * a burst of new addresses queues, and past the queue the lookup is refused (the connection is then
 * refused, failing closed) rather than growing memory without limit.
 */
public final class LookupThreads {

    private LookupThreads() {
    }

    public static ExecutorService create(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "sluice-libwrap-dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            // JNDI loads the JDK's DNS provider through the context class loader; a bundle's loader cannot see it.
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
