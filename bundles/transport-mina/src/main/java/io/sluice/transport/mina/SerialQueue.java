package io.sluice.transport.mina;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks on a shared pool, one at a time and in the order offered, until it
 * is retired; after that, once the last queued task has run, {@link #offer} declines and the
 * caller runs its work itself. TLS uses it to keep handshakes (key exchange, signatures,
 * certificate checks that may wait for an OCSP responder) off the I/O thread that serves many
 * other connections, and to come back to that thread for the bulk of the traffic. On a direct
 * executor ({@code Runnable::run}) the offering thread drains the queue itself, unless another one
 * is draining it, which then runs the task after its own: order and mutual exclusion without a hand-off.
 */
final class SerialQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private boolean retired;
    /** Retired and drained: from now on every offer declines, read without the lock. */
    private volatile boolean finished;

    /** {@code pool} null: never offloads. */
    SerialQueue(Executor pool) {
        this.pool = pool;
        this.retired = pool == null;
        this.finished = pool == null;
    }

    /** True once nothing will be queued again: the caller can skip building its task. */
    boolean finished() {
        return finished;
    }

    /** Queues the task behind the others; false (nothing queued) once retired and drained. */
    boolean offer(Runnable task) {
        if (finished) {
            return false;
        }
        synchronized (this) {
            if (retired && !running && tasks.isEmpty()) {
                return false;
            }
            tasks.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain(); // the pool is shutting down with the transport: finish here
        }
        return true;
    }

    /** Tasks already queued still run first. */
    synchronized void retire() {
        retired = true;
        finished = !running && tasks.isEmpty();
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    finished = retired;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // A bug in a task must not stop the connection's later tasks from running.
                LOG.warn("A connection's queued task failed", e);
            }
        }
    }
}
