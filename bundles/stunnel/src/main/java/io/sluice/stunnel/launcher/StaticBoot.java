package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code bin/sluice FILE} process boots without Karaf's features service once it knows its bundles.
 * The first start of an instance resolves its boot features as any Karaf does; once that start got its
 * services up (the ready file says "ok"), the bundles it installed are in Felix's cache, and the next
 * preflight writes them, without the features service's own, as the instance's startup.properties:
 * Karaf's Main then installs and starts exactly those. The features service, its deployer and the
 * mvn: URL handler cost ~0.25 s and ~20 MB of RSS at every start (JAXB, Jackson, Xerces and the
 * resolver: ~1,500 classes), for a resolution whose answer cannot change while the installation and
 * the file's boot features stay the same; when either changes, the instance's data is dropped with
 * the list (InstanceDirectory's stamp) and the features service resolves again.
 */
final class StaticBoot {

    /** The learned list, in startup.properties' format, kept beside the instance's data between runs. */
    static final String FILE = "startup.static";

    /** The features service and what serves only it: the mvn: handler and the features deployer. */
    private static final List<String> NOT_STARTED = List.of("mvn:org.apache.karaf.features/",
            "mvn:org.apache.karaf.deployer/", "mvn:org.ops4j.pax.url/");

    private StaticBoot() {
    }

    /**
     * Writes the instance's etc/startup.properties from its learned list; learns the list first when
     * the previous start completed with the features service. Then Felix's cache is dropped once, as
     * it holds the features service's bundles, which Karaf would otherwise start again from it.
     */
    static void apply(Path root, Path etc, Path data, boolean previousStartReady) throws IOException {
        Path learned = root.resolve(FILE);
        Path cache = data.resolve("cache");
        if (!Files.exists(learned) && previousStartReady && Files.isDirectory(cache)) {
            List<String> lines = startupLines(cache);
            if (!lines.isEmpty()) {
                Files.write(learned, lines, StandardCharsets.UTF_8);
                InstanceDirectory.deleteTree(cache);
            }
        }
        if (Files.exists(learned)) {
            Files.copy(learned, etc.resolve("startup.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Felix's cache as startup.properties lines, by start level; none if the cache is not as expected. */
    static List<String> startupLines(Path cache) throws IOException {
        List<String[]> bundles = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path info = dir.resolve("bundle.info");
                if (!dir.getFileName().toString().startsWith("bundle") || !Files.isRegularFile(info)) {
                    continue;
                }
                // Felix's bundle.info: id, location, state, start level, last modified, ...
                List<String> fields = Files.readAllLines(info, StandardCharsets.UTF_8);
                if (fields.size() < 4 || !fields.get(3).trim().matches("\\d+")) {
                    return List.of(); // another Felix's format: keep booting through the features service
                }
                String location = fields.get(1).trim();
                if (NOT_STARTED.stream().noneMatch(location::startsWith)) {
                    bundles.add(new String[] {location, fields.get(3).trim()});
                }
            }
        }
        bundles.sort(Comparator.<String[]>comparingInt(b -> Integer.parseInt(b[1])).thenComparing(b -> b[0]));
        List<String> lines = new ArrayList<>();
        lines.add("# bin/sluice FILE: the bundles the features service installed at this instance's first start");
        for (String[] bundle : bundles) {
            lines.add(escape(bundle[0]) + " = " + bundle[1]);
        }
        return bundles.isEmpty() ? List.of() : lines;
    }

    /** A properties key: ':', '=', spaces and backslashes escaped (Karaf's startup.properties writes mvn\:...). */
    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
    }
}
