package io.sluice.stunnel.imports;

import io.sluice.pki.FileStamp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the stunnel configuration files in a directory (etc/stunnel/*.conf by default): a file
 * dropped in is imported, an edited one re-imported, a deleted one takes its tunnels with it.
 * Files are compared by content, polled once a second.
 */
@Component(immediate = true, configurationPid = "io.sluice.stunnel")
@Designate(ocd = StunnelImportComponent.Config.class)
public final class StunnelImportComponent {

    @ObjectClassDefinition(name = "Sluice stunnel.conf import",
            description = "Imports stunnel configuration files; each [service] becomes a tunnel.")
    public @interface Config {
        @AttributeDefinition(required = false, description = "Directory of *.conf files, relative to Karaf's etc")
        String directory() default "stunnel";

        @AttributeDefinition(required = false, description = "How often the files are checked, in milliseconds")
        long pollMillis() default 1000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StunnelImportComponent.class);

    @Reference
    private ConfigurationAdmin configurations;

    private final Map<Path, FileStamp> seen = new HashMap<>();
    private ScheduledExecutorService poller;
    private Path directory;
    private StunnelImport importer;

    @Activate
    void activate(Config config) {
        directory = Paths.get(System.getProperty("karaf.etc", "etc")).resolve(config.directory());
        importer = new StunnelImport(configurations);
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-stunnel-import");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, Math.max(100, config.pollMillis()), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            Set<Path> present = new HashSet<>();
            if (Files.isDirectory(directory)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.conf")) {
                    for (Path file : files) {
                        present.add(file);
                        FileStamp stamp = FileStamp.of(file);
                        if (!stamp.equals(seen.get(file))) {
                            seen.put(file, stamp);
                            importer.apply(file);
                        }
                    }
                }
            }
            for (Path gone : new HashSet<>(seen.keySet())) {
                if (!present.contains(gone)) {
                    seen.remove(gone);
                    importer.removeExcept(gone, Set.of());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Keep polling: a file being written or a transient error must not stop the import.
            LOG.warn("stunnel import of {}: {}", directory, e.toString());
        }
    }
}
