package io.sluice.stunnel.launcher;

import io.sluice.stunnel.GlobalOptions;
import io.sluice.stunnel.StunnelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The private corner of one {@code bin/sluice FILE} process: its own Karaf etc and data, so that
 * several such processes from one installation share nothing (ports, state, locks). The data
 * directory is kept per configuration file between runs (Karaf starts faster from its cache); a
 * second process for the same file while the first runs gets a directory of its own.
 */
final class InstanceDirectory {

    /**
     * Boot features a stunnel-style process does without: ssh and management listen on fixed ports
     * (8101, 1099, 44444); the others only add console commands, and no console reaches this
     * process, and neither does the shell itself: Sluice boots as {@link #BOOTED_INSTEAD}. Without
     * them Karaf starts fewer bundles, and sooner (bench/README.md, change 8).
     */
    private static final List<String> NOT_BOOTED = List.of("ssh", "management", "bundle", "config", "diagnostic",
            "jaas", "log", "package", "service", "system", "instance", "kar", "wrap", "shell", "shell-compat");
    /** Sluice's tunnels without its console commands (which pull in the shell). */
    private static final Map<String, String> BOOTED_INSTEAD = Map.of("sluice", "sluice-tunnels");
    /**
     * TLS providers by the feature that brings each, booted when a section names one even if the
     * installation's featuresBoot lacks it (a tunnel would otherwise wait for it forever).
     */
    private static final Map<String, String> PROVIDER_FEATURES = Map.of("openssl", "sluice-tls-openssl");
    /** What a section without tlsProvider may get (the default on Linux x86_64, README's tlsProvider). */
    static final String DEFAULT_PROVIDER = "openssl";
    /** syslog's socket: /dev/log, or SLUICE_SYSLOG_SOCKET's (a test's receiver). */
    static final Path SYSLOG_SOCKET = Path.of(System.getenv().getOrDefault("SLUICE_SYSLOG_SOCKET", "/dev/log"));

    /** The pid of the process a directory was claimed for (see {@link #claim}). */
    private static final String OWNER = "owner.pid";

    private final Path root;
    /** stunnel's inetd mode: logs as in the background, whatever foreground says, unless foreground = yes. */
    private boolean inetd;

    private InstanceDirectory(Path root) {
        this.root = root;
    }

    /**
     * The directory for {@code config} under {@code instances}, one not in use by a running process,
     * claimed for {@code owner} (bin/sluice's shell, which becomes the JVM). Choosing and claiming
     * happen under a lock on {@code instances/.lock}: inetd starts processes for the same file at
     * the same moment, seconds before their Karaf writes its pid file.
     */
    static InstanceDirectory claim(Path instances, Path config, long owner) throws IOException {
        Files.createDirectories(instances);
        try (FileChannel channel = FileChannel.open(instances.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            InstanceDirectory instance = forFile(instances, config);
            Files.createDirectories(instance.root);
            Files.writeString(instance.root.resolve(OWNER), owner + "\n");
            return instance;
        }
    }

    /** The directory for {@code config} under {@code instances}, one not in use by a running process. */
    static InstanceDirectory forFile(Path instances, Path config) {
        String key = config.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9.-]+", "_")
                .replaceAll("^_+", "");
        Path candidate = instances.resolve(key);
        for (int n = 2; running(candidate); n++) {
            candidate = instances.resolve(key + "-" + n);
        }
        return new InstanceDirectory(candidate);
    }

    Path root() {
        return root;
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path data() {
        return root.resolve("data");
    }

    Path readyFile() {
        return root.resolve("ready");
    }

    /**
     * Writes a fresh etc from the installation's, without its tunnels, with the launcher's
     * configuration. Karaf's cache in data is dropped when the installation changed (an upgrade
     * replaces the jars in system/, which a cached bundle would hide).
     */
    void prepare(Path home, Path installationEtc, Path config, StunnelConfig stunnel) throws IOException {
        GlobalOptions global = stunnel.global();
        this.inetd = stunnel.inetd();
        // The file's own boot features (its TLS providers) are part of what the cache and StaticBoot's
        // list were made for.
        String stamp = installationStamp(home, installationEtc) + "boot " + providerFeatures(stunnel) + "\n";
        Path stampFile = root.resolve("installation.stamp");
        if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
            deleteTree(data());
            Files.deleteIfExists(root.resolve(StaticBoot.FILE));
        }
        boolean previousStartReady = Files.exists(readyFile()) && Files.readString(readyFile()).trim().equals("ok");
        List<Path> kept = keepGeneratedDefaultCertificate(installationEtc);
        deleteTree(etc());
        Files.createDirectories(etc());
        for (Path file : kept) {
            Files.move(file, etc().resolve(file.getFileName().toString().replace(".kept", "")));
        }
        Files.createDirectories(data().resolve("log"));
        Files.deleteIfExists(readyFile());
        try (Stream<Path> files = Files.list(installationEtc)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                String name = source.getFileName().toString();
                // Not the tunnels, nor the start summary (the launcher gives stunnel's own).
                if (Files.isRegularFile(source) && !name.startsWith("io.sluice.tunnel-")
                        && !name.equals("io.sluice.summary.cfg")) {
                    Files.copy(source, etc().resolve(name));
                }
            }
        }
        copySecrets(installationEtc);
        bootWithout(etc().resolve("org.apache.karaf.features.cfg"), providerFeatures(stunnel));
        ownLockAndPid(etc().resolve("config.properties"));
        StaticBoot.apply(root, etc(), data(), previousStartReady);
        Files.writeString(etc().resolve("org.ops4j.pax.logging.cfg"), loggers(global.debugLevel()),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        // stunnel's libwrap reads the system's files.
        Files.writeString(etc().resolve("io.sluice.access.hosts.cfg"),
                "allowFile = /etc/hosts.allow\ndenyFile = /etc/hosts.deny\n");
        Files.writeString(etc().resolve(LauncherComponent.PID + ".cfg"), launcherConfig(config, global));
        Files.writeString(stampFile, stamp);
    }

    /**
     * The installation's etc/secrets (what $[secret:NAME] in a file refers to), into a directory of
     * this instance that is the owner's only (rwx------, created so), each file rw-------. Plain NIO:
     * this runs in the preflight JVM, which has neither the pki bundle nor slf4j on its class path.
     */
    private void copySecrets(Path installationEtc) throws IOException {
        Path secrets = installationEtc.resolve("secrets");
        if (!Files.isDirectory(secrets)) {
            return;
        }
        Path copy = etc().resolve("secrets");
        boolean posix = copy.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectory(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------")); // past the umask
        } else {
            Files.createDirectory(copy);
        }
        try (Stream<Path> files = Files.list(secrets)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(source)) {
                    Path target = copy.resolve(source.getFileName().toString());
                    Files.copy(source, target);
                    if (posix) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                    }
                }
            }
        }
    }

    /**
     * The default certificate pair Sluice generated in this directory's etc at an earlier start,
     * where the installation has none (bin/sluice without a file makes one on its first start):
     * moved aside, permissions and all, so that it is not generated and logged again at every
     * start. No stunnel file uses it (a TLS server section needs its own cert).
     */
    private List<Path> keepGeneratedDefaultCertificate(Path installationEtc) throws IOException {
        List<Path> kept = new ArrayList<>();
        for (String name : List.of("sluice.crt", "sluice.key")) {
            if (Files.exists(installationEtc.resolve(name)) || !Files.isRegularFile(etc().resolve(name))) {
                return List.of();
            }
        }
        for (String name : List.of("sluice.crt", "sluice.key")) {
            Path aside = root.resolve(name + ".kept");
            Files.move(etc().resolve(name), aside, StandardCopyOption.REPLACE_EXISTING);
            kept.add(aside);
        }
        return kept;
    }

    /** Sizes and times of Sluice's jars and of Karaf's boot files: what a cached container depends on. */
    private static String installationStamp(Path home, Path installationEtc) throws IOException {
        StringBuilder stamp = new StringBuilder();
        List<Path> files = new ArrayList<>();
        Path sluiceJars = home.resolve("system").resolve("io").resolve("sluice");
        if (Files.isDirectory(sluiceJars)) {
            try (Stream<Path> walk = Files.walk(sluiceJars)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        files.add(installationEtc.resolve("org.apache.karaf.features.cfg"));
        files.add(installationEtc.resolve("startup.properties"));
        for (Path file : files) {
            if (Files.exists(file)) {
                stamp.append(file).append(' ').append(Files.size(file)).append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        }
        return stamp.toString();
    }

    private String launcherConfig(Path config, GlobalOptions global) {
        return "file = " + escape(config.toAbsolutePath().normalize().toString()) + "\n"
                + "pid = " + escape(global.pid() == null ? "" : global.pid().toAbsolutePath().toString()) + "\n"
                + "output = " + escape(logFile(global).map(f -> f.toAbsolutePath().toString()).orElse("")) + "\n"
                + "appendLog = " + global.appendLog() + "\n"
                + "debugLevel = " + global.debugLevel() + "\n"
                + "foreground = " + global.foreground().name().toLowerCase(Locale.ROOT) + "\n"
                + "readyFile = " + escape(readyFile().toAbsolutePath().toString()) + "\n"
                + "syslog = " + logsToSyslog(global, inetd) + "\n"
                + "inetd = " + inetd + "\n"
                + "syslogSocket = " + escape(SYSLOG_SOCKET.toAbsolutePath().toString()) + "\n"
                + "syslogIdent = " + escape(global.service()) + "\n"
                + "syslogFacility = " + global.debugFacility() + "\n";
    }

    /**
     * stunnel's output file; in the background without one, syslog as stunnel (unless
     * {@code syslog = no}), or a file here where syslog cannot be reached (no /dev/log, no logger).
     */
    Optional<Path> logFile(GlobalOptions global) {
        if (global.output() != null) {
            return Optional.of(global.output());
        }
        return detached(global, inetd) && !logsToSyslog(global, inetd)
                ? Optional.of(root.resolve("stunnel.log")) : Optional.empty();
    }

    static boolean logsToSyslog(GlobalOptions global, boolean inetd) {
        return global.output() == null && detached(global, inetd) && global.syslog()
                && LogSink.syslogAvailable(SYSLOG_SOCKET);
    }

    /**
     * No terminal to log to: the background, or inetd mode, where standard output is the connection and
     * standard error often too (inetd hands the socket over as fds 0, 1 and 2); stunnel logs to stderr
     * there only with foreground = yes.
     */
    static boolean detached(GlobalOptions global, boolean inetd) {
        return global.foreground() == GlobalOptions.Foreground.NO
                || inetd && global.foreground() != GlobalOptions.Foreground.YES;
    }

    /** Sluice's lines go only to the stunnel-format log; connection events are DEBUG, stunnel's notices. */
    private static String loggers(int debugLevel) {
        String level = debugLevel >= 5 ? "DEBUG" : debugLevel == 4 ? "WARN" : "ERROR";
        return "\n# bin/sluice FILE: Sluice's loggers write stunnel's format (io.sluice.stunnel.launcher)\n"
                + "log4j2.logger.sluice.name = io.sluice\n"
                + "log4j2.logger.sluice.level = " + level + "\n"
                + "log4j2.logger.sluice.additivity = false\n"
                + "log4j2.logger.sluice.appenderRef.PaxOsgi.ref = PaxOsgi\n";
    }

    /** The features of the TLS providers the file's sections name (tlsProvider) or may get by default. */
    static List<String> providerFeatures(StunnelConfig stunnel) {
        return stunnel.services().values().stream()
                .map(keys -> keys.getOrDefault("tlsProvider", DEFAULT_PROVIDER))
                .filter(PROVIDER_FEATURES::containsKey)
                .map(PROVIDER_FEATURES::get)
                .distinct()
                .toList();
    }

    /**
     * Rewrites featuresBoot (a property continued over several lines) without {@link #NOT_BOOTED},
     * with {@link #BOOTED_INSTEAD}, and with {@code added} (those it lacks).
     */
    private static void bootWithout(Path featuresCfg, List<String> added) throws IOException {
        List<String> lines = Files.readAllLines(featuresCfg, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.trim().startsWith("featuresBoot") || line.trim().startsWith("featuresBootAsynchronous")) {
                out.add(line);
                continue;
            }
            StringBuilder value = new StringBuilder(line.substring(line.indexOf('=') + 1));
            while (value.toString().trim().endsWith("\\") && i + 1 < lines.size()) {
                value.setLength(value.toString().lastIndexOf('\\'));
                value.append(lines.get(++i));
            }
            List<String> kept = Arrays.stream(value.toString().split(","))
                    .map(String::trim)
                    .filter(feature -> !feature.isEmpty() && !NOT_BOOTED.contains(feature.split("/")[0]))
                    .map(InstanceDirectory::bootedInstead)
                    .collect(Collectors.toCollection(ArrayList::new));
            for (String feature : added) {
                if (kept.stream().noneMatch(booted -> booted.split("/")[0].equals(feature))) {
                    kept.add(feature);
                }
            }
            out.add("featuresBoot = " + String.join(", ", kept));
        }
        Files.write(featuresCfg, out, StandardCharsets.UTF_8);
    }

    /** "name/version" or "name", with the name replaced where {@link #BOOTED_INSTEAD} says so. */
    private static String bootedInstead(String feature) {
        int slash = feature.indexOf('/');
        String name = slash < 0 ? feature : feature.substring(0, slash);
        return BOOTED_INSTEAD.getOrDefault(name, name) + (slash < 0 ? "" : feature.substring(slash));
    }

    /** Karaf keeps its lock and pid file in the installation (karaf.base); this process keeps its own. */
    private static void ownLockAndPid(Path configProperties) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(configProperties, StandardCharsets.UTF_8)) {
            if (!line.startsWith("karaf.pid.file") && !line.startsWith("karaf.lock.dir")) {
                lines.add(line);
            }
        }
        lines.add("# bin/sluice FILE: this process's own lock and pid file");
        lines.add("karaf.lock.dir=${karaf.data}");
        lines.add("karaf.pid.file=${karaf.data}/karaf.pid");
        Files.write(configProperties, lines, StandardCharsets.UTF_8);
    }

    /** A directory whose Karaf (karaf.pid) or claiming process (owner.pid) still runs. */
    private static boolean running(Path candidate) {
        return alive(candidate.resolve("data").resolve("karaf.pid")) || alive(candidate.resolve(OWNER));
    }

    private static boolean alive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Felix's .cfg format: backslashes and quotes escaped like a Java properties value. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
