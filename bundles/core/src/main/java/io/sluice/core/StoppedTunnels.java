package io.sluice.core;

import io.sluice.pki.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of tunnels an operator stopped, kept in the core bundle's data area so that a stopped
 * tunnel stays stopped across a restart of the container, without touching its .cfg file.
 */
final class StoppedTunnels {

    private static final Logger LOG = LoggerFactory.getLogger(StoppedTunnels.class);

    private final Path file;

    /** @param file null keeps nothing (no bundle data area, as in unit tests) */
    StoppedTunnels(Path file) {
        this.file = file;
    }

    synchronized boolean contains(String name) {
        return read().contains(name);
    }

    synchronized void set(String name, boolean stopped) {
        Set<String> names = read();
        if (file == null || (stopped ? !names.add(name) : !names.remove(name))) {
            return;
        }
        try {
            AtomicFiles.write(file, String.join("\n", names) + "\n", false);
        } catch (IOException e) {
            LOG.warn("Service [{}]: cannot record the {} state in {}: {}", name, stopped ? "stopped" : "started", file, e.toString());
        }
    }

    private Set<String> read() {
        Set<String> names = new TreeSet<>();
        if (file != null && Files.exists(file)) {
            try {
                names.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("Cannot read the stopped tunnels from {}: {}", file, e.toString());
            }
        }
        names.remove("");
        return names;
    }
}
