package io.sluice.transport.mina;

import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Transport;
import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The MINA transport. All tunnels share one pool of I/O processors (one selector thread per core
 * plus one, MINA's default), a worker pool for protocol negotiations and a timer.
 */
@Component(service = Transport.class, property = "transport=mina")
public final class MinaTransport implements Transport {

    private SimpleIoProcessorPool<NioSession> processors;
    private ExecutorService workers;
    private ScheduledExecutorService timer;

    @Activate
    public void activate() {
        processors = new SimpleIoProcessorPool<>(NioProcessor.class);
        workers = Executors.newCachedThreadPool(named("sluice-negotiation"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("sluice-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
    }

    @Deactivate
    public void deactivate() {
        processors.dispose();
        workers.shutdownNow();
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
        return listener;
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
