package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The distribution holds one version of each library: two versions of one artifact in system/
 * (Karaf's repository of everything it installs) mean two copies of its classes in the container,
 * e.g. Bouncy Castle 1.83 from Karaf's ssh feature beside Sluice's 1.84 (what
 * karaf-assembly/src/main/featuresProcessing replaces).
 */
public class SingleVersionIT {

    @Test
    public void systemHoldsOneVersionOfEachArtifact() throws IOException {
        Path system = Paths.get(System.getProperty("sluice.assembly")).resolve("system");
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        try (Stream<Path> files = Files.walk(system)) {
            files.filter(file -> file.toString().endsWith(".jar")).forEach(jar -> {
                // system/GROUP/PATH/ARTIFACT/VERSION/ARTIFACT-VERSION[-CLASSIFIER].jar
                Path version = jar.getParent();
                Path artifact = version.getParent();
                versions.computeIfAbsent(system.relativize(artifact).toString(), key -> new TreeSet<>())
                        .add(version.getFileName().toString());
            });
        }
        assertTrue("the walk found the distribution's jars: " + versions.keySet(), versions.size() > 50);
        assertTrue(versions.toString(), versions.containsKey("org/bouncycastle/bcprov-jdk18on"));
        Map<String, TreeSet<String>> twice = new TreeMap<>(versions);
        twice.values().removeIf(found -> found.size() == 1);
        assertEquals("artifacts with more than one version in " + system, Map.of(), twice);
    }
}
