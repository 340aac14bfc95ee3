package io.sluice.stunnel.imports;

import io.sluice.api.TunnelKeys;
import io.sluice.pki.SecretFiles;
import io.sluice.stunnel.StunnelConfig;
import io.sluice.stunnel.StunnelConfigException;
import io.sluice.stunnel.StunnelConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
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
 *
 * <p>Passwords ({@code keyPassword}, {@code protocolPassword}) do not go into the configuration,
 * which {@code config:list} and JMX show: each is written to {@code etc/secrets/SERVICE.KEY}
 * (rw-------) and the configuration holds {@code $[secret:SERVICE.KEY]}, which the tunnel resolves.
 */
public final class StunnelImport {

    /** Marks a tunnel configuration with the stunnel.conf it came from; core ignores sluice.* keys. */
    static final String SOURCE = "sluice.stunnel.file";

    private static final Logger LOG = LoggerFactory.getLogger(StunnelImport.class);

    /** Changes with a service's secrets, so that the configuration changes and the tunnel reads them again. */
    static final String SECRETS_STAMP = "sluice.secrets.stamp";

    private final ConfigurationAdmin configurations;
    private final Path etc;

    public StunnelImport(ConfigurationAdmin configurations) {
        this(configurations, Paths.get(System.getProperty("karaf.etc", "etc")));
    }

    /** @param etc Karaf's etc, whose secrets/ receives the passwords */
    public StunnelImport(ConfigurationAdmin configurations, Path etc) {
        this.configurations = configurations;
        this.etc = etc;
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
        // Sluice's own warnings ("[:] ...") name the file; stunnel's own lines stay as stunnel writes them.
        config.warnings().forEach(warning -> LOG.warn("{}", warning.startsWith("[:]") ? file + ": " + warning : warning));
        for (Map.Entry<String, Map<String, String>> service : config.services().entrySet()) {
            Dictionary<String, Object> properties = withoutPasswords(service.getKey(), service.getValue());
            properties.put(SOURCE, file.toString());
            if (properties.get("reset") == null) {
                properties.put("reset", "yes"); // stunnel's default; a native tunnel file's is no
            }
            Configuration configuration = configurations.getFactoryConfiguration(TunnelKeys.FACTORY_PID, service.getKey(), "?");
            if (configuration.updateIfDifferent(properties)) {
                LOG.info("Service [{}] imported from {}", service.getKey(), file);
            }
        }
        removeExcept(file, config.services().keySet());
        return config;
    }

    /** The service's options with each password replaced by a reference to the secret file written for it. */
    private Dictionary<String, Object> withoutPasswords(String service, Map<String, String> options) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>();
        long stamp = 0;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            if (SecretFiles.isSecretKey(option.getKey()) && SecretFiles.referenced(value).isEmpty()) {
                String secret = service + "." + option.getKey();
                SecretFiles.write(etc, secret, value); // unchanged when it holds that value already
                stamp = Math.max(stamp, Files.getLastModifiedTime(SecretFiles.file(etc, secret)).toMillis());
                value = SecretFiles.reference(secret);
            }
            properties.put(option.getKey(), value);
        }
        if (stamp != 0) {
            properties.put(SECRETS_STAMP, String.valueOf(stamp));
        }
        return properties;
    }

    /** Deletes the tunnels made from the file whose sections are gone (all of them when the file is). */
    void removeExcept(Path file, java.util.Set<String> keep) throws IOException {
        for (Configuration configuration : madeFrom(file)) {
            String pid = configuration.getPid();
            String name = pid.substring(pid.indexOf('~') + 1);
            if (!keep.contains(name)) {
                List<String> secrets = ownSecrets(name, configuration.getProperties());
                configuration.delete();
                for (String secret : secrets) {
                    SecretFiles.delete(etc, secret);
                }
                LOG.info("Service [{}] removed: no longer in {}", name, file);
            }
        }
    }

    /** The secrets this import wrote for tunnel NAME (SERVICE.KEY), which go with it. */
    private static List<String> ownSecrets(String name, Dictionary<String, Object> properties) {
        List<String> secrets = new ArrayList<>();
        if (properties != null) {
            for (Enumeration<Object> values = properties.elements(); values.hasMoreElements(); ) {
                SecretFiles.referenced(String.valueOf(values.nextElement()))
                        .filter(secret -> secret.startsWith(name + ".")).ifPresent(secrets::add);
            }
        }
        return secrets;
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
