package io.sluice.transport.mina;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The connections of all tunnels of this process together, bounded as stunnel bounds its clients:
 * by the file descriptor limit (each connection holds at least two), so that running out of
 * descriptors refuses new connections instead of failing every tunnel's accepts, files and logs.
 */
final class GlobalCap {

    /** stunnel's: a bit under half the descriptors, the rest for the listening sockets, files, the JVM. */
    static int fromDescriptorLimit(long descriptors) {
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, descriptors * 125 / 256));
    }

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    GlobalCap(int max) {
        this.max = max;
    }

    /** By the platform MBean's attribute: com.sun.management is not exported to bundles everywhere. */
    static GlobalCap ofThisProcess() {
        long descriptors = 1024;
        try {
            Object max = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("java.lang:type=OperatingSystem"), "MaxFileDescriptorCount");
            descriptors = ((Number) max).longValue();
        } catch (JMException | RuntimeException e) {
            // not a Unix JVM: the common default limit
        }
        return new GlobalCap(fromDescriptorLimit(descriptors));
    }

    int max() {
        return max;
    }

    boolean take() {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        open.decrementAndGet();
    }
}
