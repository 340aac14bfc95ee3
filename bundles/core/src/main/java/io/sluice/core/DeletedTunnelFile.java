package io.sluice.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tunnel whose etc/ file was deleted while Sluice was stopped. ConfigurationAdmin keeps every
 * configuration in its store under data/ and hands it out again at the next start; FileInstall
 * only deletes the configurations of files it sees disappear while it runs, and never looks for
 * stored ones whose file is gone. So the tunnel would come back from data/ without a file: the
 * file is the truth, and its configuration is deleted instead of started.
 */
final class DeletedTunnelFile {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedTunnelFile.class);

    private DeletedTunnelFile() {
    }

    /** True when the configuration came from a file that no longer exists; it is then deleted. */
    static boolean removed(ConfigurationAdmin configurations, String name, Map<String, Object> properties) {
        Optional<Path> file = ConfigSource.of(properties).file();
        if (file.isEmpty() || Files.exists(file.get())) {
            return false;
        }
        Object pid = properties.get("service.pid");
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + pid + ")");
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                configuration.delete();
            }
            LOG.info("Service [{}] removed: its file {} was deleted", name, file.get());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Service [{}] not started: its file {} was deleted, but its stored configuration {} "
                    + "could not be: {}", name, file.get(), pid, e.toString());
        }
        return true;
    }
}
