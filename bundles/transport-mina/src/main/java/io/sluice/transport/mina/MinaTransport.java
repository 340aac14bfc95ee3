package io.sluice.transport.mina;

import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Transport;
import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MINA transport. All tunnels share one pool of I/O processors (one selector thread per core
 * plus one, MINA's default; see {@link ProcessorPool}), a pool for TLS handshakes, a worker pool
 * for protocol negotiations and a timer.
 */
@Component(service = Transport.class, property = "transport=mina")
public final class MinaTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MinaTransport.class);

    /**
     * Handshakes are CPU work, so threads beyond the cores add little to their rate; the margin
     * is for certificate checks waiting on an OCSP responder (up to TIMEOUTocsp), which must not
     * hold up every other handshake.
     */
    static final int HANDSHAKE_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    /**
     * Blocking setup work (protocol negotiations, DNS of delay = yes, starting exec programs) runs
     * on at most this many threads, with at most {@link #WORKER_QUEUE} tasks waiting: a flood of
     * silent clients costs a bounded number of threads, never the JVM's; beyond it new setups are
     * refused (said once per connection), established connections are untouched.
     */
    static final int WORKER_THREADS = 128;
    static final int WORKER_QUEUE = 512;

    private ProcessorPool processors;
    private ExecutorService workers;
    private ThreadPoolExecutor handshakes;
    private ScheduledExecutorService timer;
    private GlobalCap cap;
    private final Set<MinaListener> listeners = ConcurrentHashMap.newKeySet();

    @Activate
    public void activate() {
        processors = new ProcessorPool();
        cap = GlobalCap.ofThisProcess();
        LOG.debug("Clients allowed={}", cap.max()); // stunnel's line: the process-wide bound
        ThreadPoolExecutor bounded = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), named("sluice-negotiation"));
        bounded.allowCoreThreadTimeOut(true);
        workers = bounded;
        handshakes = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("sluice-handshake"));
        handshakes.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("sluice-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
    }

    @Deactivate
    public void deactivate() {
        // Tunnels normally close their listeners first; whatever is left must not keep its port.
        listeners.forEach(listener -> listener.close(true));
        LivePrograms.terminateAll(); // exec programs: the JVM may end before their grace period
        processors.dispose();
        workers.shutdownNow();
        handshakes.shutdownNow();
        timer.shutdownNow();
    }

    @Override
    public Listener listen(TunnelSpec spec) throws IOException {
        MinaListener listener = new MinaListener(spec, this, processors);
        try {
            listener.bind();
        } catch (IOException | RuntimeException e) {
            listener.close(true);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        listeners.add(listener);
        return listener;
    }

    /** The listener is closed and its last connection ended. */
    void disposed(MinaListener listener) {
        listeners.remove(listener);
    }

    GlobalCap cap() {
        return cap;
    }

    Executor handshakes() {
        return handshakes;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
