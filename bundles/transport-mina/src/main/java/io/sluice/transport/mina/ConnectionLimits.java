package io.sluice.transport.mina;

import io.sluice.api.transport.Limits;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one tunnel's connections against its {@link Limits} and the process-wide cap: open ones,
 * those still in setup, and those of each client address. A connection is counted when admitted
 * and uncounted once, when it ends (its setup when that ends).
 */
final class ConnectionLimits {

    private final Limits limits;
    private final GlobalCap global;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger setups = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

    ConnectionLimits(Limits limits, GlobalCap global) {
        this.limits = limits;
        this.global = global;
    }

    /** Null, with the connection counted, when admitted; else stunnel's words for the refusal. */
    String admit(InetAddress source) {
        if (!global.take()) {
            return "too many clients (>=" + global.max() + ")";
        }
        if (!take(open, limits.maxConnections())) {
            global.release();
            return "too many clients (>=" + limits.maxConnections() + ")";
        }
        if (!take(setups, limits.maxSetups())) {
            open.decrementAndGet();
            global.release();
            return "too many clients in setup (>=" + limits.maxSetups() + ", maxSetups)";
        }
        if (counted(source) && !take(bySource.computeIfAbsent(source, a -> new AtomicInteger()), limits.maxPerSource())) {
            setups.decrementAndGet();
            open.decrementAndGet();
            global.release();
            return "too many clients from " + source.getHostAddress() + " (>=" + limits.maxPerSource()
                    + ", maxConnectionsPerSource)";
        }
        return null;
    }

    /** Counts one more unless that passes the bound (0: none). */
    private static boolean take(AtomicInteger count, int max) {
        if (count.incrementAndGet() > max && max > 0) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    private boolean counted(InetAddress source) {
        return source != null && limits.maxPerSource() > 0;
    }

    void setupEnded() {
        setups.decrementAndGet();
    }

    void closed(InetAddress source, boolean inSetup) {
        if (inSetup) {
            setups.decrementAndGet();
        }
        open.decrementAndGet();
        if (counted(source)) {
            bySource.computeIfPresent(source, (address, count) -> count.decrementAndGet() == 0 ? null : count);
        }
        global.release();
    }
}
