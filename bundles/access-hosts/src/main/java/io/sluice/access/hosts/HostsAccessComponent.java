package io.sluice.access.hosts;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.sluice.access.hosts.dns.CachingResolver;
import io.sluice.access.hosts.dns.LookupThreads;
import io.sluice.access.hosts.dns.SystemResolver;
import io.sluice.api.access.AccessDecision;
import io.sluice.api.access.AccessPolicy;

/**
 * The {@code access.policy=libwrap} service that tunnels with {@code libwrap = yes} use, configured by
 * PID {@code io.sluice.access.hosts}. Immediate, so that bad rules are reported at startup rather
 * than at the first connection. A configuration change replaces the files and resolver in place,
 * without unregistering the service under the running tunnels.
 */
@Component(immediate = true, configurationPid = HostsAccessComponent.PID, service = AccessPolicy.class,
        property = AccessPolicy.NAME + "=libwrap")
@Designate(ocd = HostsAccessComponent.Config.class)
public final class HostsAccessComponent implements AccessPolicy {

    static final String PID = "io.sluice.access.hosts";

    @ObjectClassDefinition(name = "Sluice libwrap access policy",
            description = "hosts.allow / hosts.deny rules (hosts_access(5)) for tunnels with libwrap = yes")
    public @interface Config {

        @AttributeDefinition(required = false, description = "hosts.allow file; relative paths are relative to the "
                + "Karaf etc directory. Use /etc/hosts.allow to share the system's rules")
        String allowFile() default "hosts.allow";

        @AttributeDefinition(required = false, description = "hosts.deny file; relative paths are relative to the "
                + "Karaf etc directory")
        String denyFile() default "hosts.deny";

        @AttributeDefinition(required = false, description = "How often the files are checked for changes, in milliseconds")
        long pollMillis() default 1000;

        @AttributeDefinition(required = false, description = "Longest wait for a reverse DNS lookup, in milliseconds; "
                + "a slower lookup counts as an unknown host name")
        long dnsTimeoutMillis() default 5000;

        @AttributeDefinition(required = false, description = "How long a looked-up host name is remembered, in seconds")
        long dnsCacheSeconds() default 60;

        @AttributeDefinition(required = false, description = "Threads doing reverse DNS lookups")
        int dnsThreads() default 4;
    }

    private record Running(RulesWatcher watcher, ExecutorService lookups, HostsAccess access) {
    }

    private volatile Running running;

    @Activate
    @Modified
    synchronized void configure(Config config, Map<String, Object> properties) {
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc")).toAbsolutePath();
        RulesWatcher watcher = RulesWatcher.start(file("allowFile", config.allowFile(), "hosts.allow", etc, properties),
                file("denyFile", config.denyFile(), "hosts.deny", etc, properties),
                Duration.ofMillis(Math.max(100, config.pollMillis())));
        ExecutorService lookups = LookupThreads.create(Math.max(1, config.dnsThreads()), 1000);
        CachingResolver resolver = new CachingResolver(
                new SystemResolver(lookups, Duration.ofMillis(Math.max(1, config.dnsTimeoutMillis()))),
                Duration.ofSeconds(Math.max(0, config.dnsCacheSeconds())), 10_000, System::nanoTime);
        Running previous = running;
        running = new Running(watcher, lookups, new HostsAccess(watcher, resolver));
        if (previous != null) {
            stop(previous);
        }
    }

    /**
     * Explicit when the configuration sets the key to a file of its own: only libwrap's default files may be
     * missing without harm. etc/NAME and libwrap's /etc/NAME (which bin/sluice FILE sets, as stunnel reads
     * them) count as defaults: missing, they are empty, as libwrap reads them.
     */
    private static RulesFile file(String key, String value, String name, Path etc, Map<String, Object> properties) {
        String written = value.trim();
        boolean explicit = properties.containsKey(key) && !written.equals(name) && !written.equals("/etc/" + name);
        return new RulesFile(key, written, etc.resolve(written), explicit);
    }

    @Deactivate
    synchronized void deactivate() {
        stop(running);
        running = null;
    }

    @Override
    public CompletionStage<AccessDecision> check(String service, InetSocketAddress client, InetSocketAddress server) {
        Running current = running;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the libwrap access policy is stopped"));
        }
        return current.access().check(service, client, server);
    }

    private static void stop(Running old) {
        old.watcher().close();
        // Lookups in flight on the old pool complete as unknown through their timeout.
        old.lookups().shutdownNow();
    }
}
