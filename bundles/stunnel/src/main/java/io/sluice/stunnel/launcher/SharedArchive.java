package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive of the classes a {@code bin/sluice FILE} JVM loads (Karaf, Felix,
 * the bundles): mapped instead of parsed, it takes ~0.35 s off each start (bench/README.md). The
 * first JVM of an installation and Java dumps it at exit (-XX:ArchiveClassesAtExit), the next
 * ones map it. The archive is named after what it depends on (the JVM, the boot class path's
 * jars), so an upgraded JDK or installation simply makes a new one.
 *
 * <p>JDK 17 maps an archive without checking its length, and a truncated one crashes the JVM
 * (SIGBUS). So a JVM dumps to a file of its own, and a dump becomes the archive only once its
 * header is there: HotSpot writes the header last, when every region is written. One JVM at a
 * time dumps: the file is claimed (created empty) at its start.
 */
final class SharedArchive {

    /**
     * A dump unfinished for this long is given up: its JVM died, or runs on (a daemon dumps when it
     * stops), and the next start may dump instead.
     */
    static final Duration ABANDONED = Duration.ofMinutes(10);

    private final Path directory;
    private final String name;

    private SharedArchive(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** The archive for this JVM (the one running the preflight, which bin/sluice also runs Karaf on) and class path. */
    static SharedArchive of(Path directory, List<Path> classPath) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        update(digest, System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n");
        for (Path jar : classPath) {
            update(digest, jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + "\n");
        }
        String key = HexFormat.of().formatHex(digest.digest(), 0, 8);
        return new SharedArchive(directory, "karaf-" + Runtime.version().feature() + "-" + key + ".jsa");
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    Path archive() {
        return directory.resolve(name);
    }

    /**
     * The JVM options for the next start: map the archive, or (promoting a finished dump first)
     * dump one at exit when there is none yet. CDS messages stay off: a JVM that cannot map the
     * archive (other heap settings, say) just starts the slow way, without telling stdout.
     */
    String jvmOptions() throws IOException {
        Files.createDirectories(directory);
        boolean dumping = promoteFinishedDump();
        String quiet = "-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off";
        if (Files.exists(archive())) {
            return quiet + " -XX:SharedArchiveFile=" + archive();
        }
        if (dumping || !dumpsSafely(Runtime.version().feature())) {
            // One JVM at a time pays for the dump (seconds of CPU at its exit, ~40 MB written);
            // a burst of inetd connections would otherwise each write one.
            return quiet;
        }
        // Claimed now, empty: the JVM writes it only at its exit, and starts in between must see it.
        Path dump = Files.createFile(directory.resolve(name + ".dump-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime()));
        return quiet + " -XX:ArchiveClassesAtExit=" + dump;
    }

    /**
     * Temurin 25.0.3's dynamic dump of a Karaf JVM dies at exit (SIGSEGV in
     * DynamicArchiveBuilder::sort_methods, 5 of 5 runs of bench/suite.py), leaving an hs_err file in
     * the user's directory at every stop: from 25 on, no dump (JDK 25's AOT cache would be the way).
     */
    static boolean dumpsSafely(int javaFeatureVersion) {
        return javaFeatureVersion < 25;
    }

    /** @return whether another JVM is still to write its dump */
    private boolean promoteFinishedDump() throws IOException {
        List<Path> dumps = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().startsWith(name + ".dump-")).forEach(dumps::add);
        }
        boolean pending = false;
        for (Path dump : dumps) {
            if (!Files.exists(archive()) && headerWritten(dump)) {
                Files.move(dump, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.exists(archive()) || abandoned(dump)) {
                Files.deleteIfExists(dump);
            } else {
                pending = true;
            }
        }
        return pending;
    }

    /** HotSpot leaves the header (its magic number first) zero until it has written the rest. */
    static boolean headerWritten(Path dump) {
        try (InputStream in = Files.newInputStream(dump)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && (magic[0] | magic[1] | magic[2] | magic[3]) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean abandoned(Path dump) {
        try {
            return Files.getLastModifiedTime(dump).toInstant().isBefore(Instant.now().minus(ABANDONED));
        } catch (IOException e) {
            return false;
        }
    }
}
