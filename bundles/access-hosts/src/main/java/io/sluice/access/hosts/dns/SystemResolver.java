package io.sluice.access.hosts.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.access.hosts.rules.HostName;

/**
 * The system resolver (hosts file, DNS, as configured), run on a small executor because its calls
 * block. The JDK's reverse lookup already confirms the name forward and gives the bare address when
 * that fails; a PTR query through JNDI then tells a host with no name (UNKNOWN) from one whose name
 * does not lead back to it (PARANOID). A lookup that fails or takes longer than the timeout counts as
 * UNKNOWN, as a failed lookup does in libwrap.
 */
public final class SystemResolver implements HostNameResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SystemResolver.class);

    private final Executor executor;
    private final Duration timeout;

    public SystemResolver(Executor executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<HostName> resolve(InetAddress address) {
        return CompletableFuture.supplyAsync(() -> lookup(address), executor)
                .completeOnTimeout(HostName.UNKNOWN, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static HostName lookup(InetAddress address) {
        try {
            // An address without a name attached, so that getHostName() asks the resolver.
            InetAddress bare = InetAddress.getByAddress(address.getAddress());
            String name = bare.getHostName();
            if (!name.equals(bare.getHostAddress())) {
                return HostName.known(name);
            }
            return hasPtrRecord(bare) ? HostName.PARANOID : HostName.UNKNOWN;
        } catch (Exception e) {
            LOG.debug("Reverse lookup of {} failed: {}", address.getHostAddress(), e.toString());
            return HostName.UNKNOWN;
        }
    }

    // Needs the JDK's DNS provider visible from the thread's context class loader (see LookupThreads).
    private static boolean hasPtrRecord(InetAddress address) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                Attribute ptr = dns.getAttributes(ReverseNames.of(address), new String[] {"PTR"}).get("PTR");
                return ptr != null && ptr.size() > 0;
            } finally {
                dns.close();
            }
        } catch (NameNotFoundException e) {
            return false;
        } catch (NamingException e) {
            LOG.debug("PTR query for {} failed, counting the host as unknown: {}", address.getHostAddress(), e.toString());
            return false;
        }
    }
}
