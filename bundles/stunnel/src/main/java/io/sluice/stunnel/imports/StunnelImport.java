package io.sluice.stunnel.imports;

import io.sluice.api.TunnelKeys;
import io.sluice.stunnel.StunnelConfig;
import io.sluice.stunnel.StunnelConfigException;
import io.sluice.stunnel.StunnelConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one stunnel.conf to ConfigurationAdmin: each [service] becomes the factory configuration
 * io.sluice.tunnel~NAME (an ordinary tunnel, visible to tunnel:* commands), marked with the file it
 * came from, so that services removed from the file are removed too. A file that does not read
 * changes nothing: the tunnels it made keep running.
 */
public final class StunnelImport {

    /** Marks a tunnel configuration with the stunnel.conf it came from; core ignores sluice.* keys. */
    static final String SOURCE = "sluice.stunnel.file";

    private static final Logger LOG = LoggerFactory.getLogger(StunnelImport.class);

    private final ConfigurationAdmin configurations;

    public StunnelImport(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    /** @return the services of the file, or null when it does not read (every problem is logged) */
    public StunnelConfig apply(Path file) throws IOException {
        return apply(file, false);
    }

    /**
     * @param inetd whether a file without sections (stunnel's inetd mode) may run here: only in a
     *              {@code bin/sluice FILE} process, whose standard input and output are the connection
     * @return the services of the file, or null when it does not read (every problem is logged)
     */
    public StunnelConfig apply(Path file, boolean inetd) throws IOException {
        StunnelConfig config;
        try {
            config = StunnelConfigReader.read(file);
        } catch (StunnelConfigException e) {
            e.messages().forEach(message -> LOG.error("{}", message));
            LOG.error("{}: not applied; the tunnels it made before keep running", file);
            return null;
        }
        if (config.inetd() && !inetd) {
            // Karaf's own standard input and output are no connection.
            LOG.error("{}: inetd mode (a file without [section]) runs only as bin/sluice FILE under inetd;"
                    + " not applied", file);
            return null;
        }
        config.warnings().forEach(warning -> LOG.warn("{}: {}", file, warning));
        for (Map.Entry<String, Map<String, String>> service : config.services().entrySet()) {
            Dictionary<String, Object> properties = new Hashtable<>(service.getValue());
            properties.put(SOURCE, file.toString());
            Configuration configuration = configurations.getFactoryConfiguration(TunnelKeys.FACTORY_PID, service.getKey(), "?");
            if (configuration.updateIfDifferent(properties)) {
                LOG.info("Service [{}] imported from {}", service.getKey(), file);
            }
        }
        removeExcept(file, config.services().keySet());
        return config;
    }

    /** Deletes the tunnels made from the file whose sections are gone (all of them when the file is). */
    void removeExcept(Path file, java.util.Set<String> keep) throws IOException {
        for (Configuration configuration : madeFrom(file)) {
            String pid = configuration.getPid();
            String name = pid.substring(pid.indexOf('~') + 1);
            if (!keep.contains(name)) {
                configuration.delete();
                LOG.info("Service [{}] removed: no longer in {}", name, file);
            }
        }
    }

    private Configuration[] madeFrom(Path file) throws IOException {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(&(service.factoryPid=" + TunnelKeys.FACTORY_PID + ")(" + SOURCE + "=" + escape(file.toString()) + "))");
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IOException("cannot list the tunnels of " + file + ": " + e.getMessage(), e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
    }
}
