package io.sluice.transport.mina;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs of stunnel's {@code exec} that still run: each ends after its connection, by
 * itself or made to, and all of them when the transport stops.
 */
final class LivePrograms {

    private static final Logger LOG = LoggerFactory.getLogger(LivePrograms.class);

    /** After its connection closed, how long a program may take to end by itself. */
    static final int GRACE_SECONDS = 2;
    static final int KILL_AFTER_SECONDS = 5;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    private LivePrograms() {
    }

    static void started(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }

    /**
     * The program's connection closed (its pipes too, as a socket's close: it reads EOF, writing
     * gets EPIPE). Most end there by themselves; what still runs after a grace period is
     * terminated, then killed.
     */
    static void connectionClosed(Process process, String tag) {
        process.onExit().orTimeout(GRACE_SECONDS, TimeUnit.SECONDS).exceptionally(late -> {
            LOG.debug("{} exec: child process {} still runs {} s after its connection closed: SIGTERM", tag,
                    process.pid(), GRACE_SECONDS);
            process.destroy();
            process.onExit().orTimeout(KILL_AFTER_SECONDS, TimeUnit.SECONDS).exceptionally(timeout -> {
                LOG.debug("{} exec: child process {} still runs {} s after SIGTERM: SIGKILL", tag, process.pid(),
                        KILL_AFTER_SECONDS);
                process.destroyForcibly();
                return process;
            });
            return process;
        });
    }

    /**
     * The transport stops (Sluice shuts down): no grace period, as the JVM may end before it is
     * over; every program still running is terminated now, and killed if it is still there after
     * {@value #GRACE_SECONDS} s.
     */
    static void terminateAll() {
        List<Process> programs = new ArrayList<>(LIVE);
        programs.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        for (Process program : programs) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !program.waitFor(left, TimeUnit.NANOSECONDS)) {
                    program.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                program.destroyForcibly();
            }
        }
    }
}
