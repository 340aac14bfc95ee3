package io.sluice.stunnel.launcher;

import io.sluice.stunnel.GlobalOptions;
import io.sluice.stunnel.StunnelConfig;
import io.sluice.stunnel.StunnelConfigException;
import io.sluice.stunnel.StunnelConfigReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The first step of {@code bin/sluice FILE}, run on a plain JVM before Karaf starts: checks the file
 * (a broken one ends here with stunnel's messages and status 1, in a fraction of a second), then
 * prepares the process's own Karaf etc and data directory and tells the script, on standard output,
 * where they are and whether to stay in the foreground.
 *
 * <p>System properties: {@code sluice.home} (the installation), {@code sluice.etc} (its etc),
 * {@code sluice.owner} (the pid of bin/sluice, which becomes the JVM).
 */
public final class Preflight {

    /** What gives the result of stunnel's setuid/setgid (see bundles/stunnel/README.md, Privileges). */
    private static final String INSTEAD = "lib/systemd/sluice@.service (User=, Group=,"
            + " AmbientCapabilities=CAP_NET_BIND_SERVICE for ports below 1024), runuser or setpriv";

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final Path etc;
    /** The process the instance directory is claimed for: bin/sluice's shell, which execs into the JVM. */
    private final long owner;

    Preflight(PrintStream out, PrintStream err, Path home, Path etc, long owner) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.etc = etc;
        this.owner = owner;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("sluice.home", "."));
        Path etc = Path.of(System.getProperty("sluice.etc", home.resolve("etc").toString()));
        long owner = Long.getLong("sluice.owner", ProcessHandle.current().pid());
        System.exit(new Preflight(System.out, System.err, home, etc, owner).run(args));
    }

    /** @return the process's exit status: 0 to go on (or after -version/-help), 1 for a bad file, 2 for bad usage */
    int run(String[] args) {
        if (args.length == 2 && args[0].equalsIgnoreCase("-fd")) {
            return fromDescriptor(args[1]);
        }
        if (args.length != 1) {
            err.println("[!] Usage: sluice [FILE | -fd N | -version | -help]   (no FILE: the etc/ tunnels of this"
                    + " installation)");
            return 2;
        }
        switch (args[0].toLowerCase(Locale.ROOT)) {
            case "-version", "--version" -> {
                Version.print(err, home);
                return 0;
            }
            case "-help", "--help", "-h" -> {
                Version.print(err, home);
                Version.usage(err);
                return 0;
            }
            default -> {
                String refusal = Switches.refusal(args[0]);
                if (refusal != null) {
                    err.println("[!] " + args[0] + ": " + refusal);
                    return 2;
                }
                return args[0].startsWith("-") ? usage(args[0]) : prepare(Path.of(args[0]));
            }
        }
    }

    /** stunnel's {@code -fd N}: the configuration comes from an inherited descriptor, kept as a file. */
    private int fromDescriptor(String fd) {
        Path file;
        try {
            file = Switches.copyDescriptor(fd, home.resolve("data").resolve("stunnel").resolve("fd"));
        } catch (IOException e) {
            err.println("[!] " + e.getMessage());
            err.println("[!] Configuration failed");
            return 1;
        }
        return prepare(file);
    }

    private int usage(String option) {
        err.println("[!] Invalid option " + option + " (try: sluice -help)");
        return 2;
    }

    private int prepare(Path file) {
        if (!Files.isRegularFile(file)) {
            err.println("[!] Invalid configuration file name \"" + file + "\"");
            err.println("[!] Configuration failed");
            return 1;
        }
        StunnelConfig config;
        try {
            config = StunnelConfigReader.read(file);
        } catch (StunnelConfigException e) {
            e.messages().forEach(err::println);
            return 1;
        } catch (IOException e) {
            err.println("[!] Cannot read configuration file " + file + ": " + e.getMessage());
            err.println("[!] Configuration failed");
            return 1;
        }
        List<String> problems = processProblems(config.global());
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("[!] " + problem));
            err.println("[!] Configuration failed");
            return 1;
        }
        boolean inetd = config.inetd();
        InstanceDirectory instance;
        try {
            instance = InstanceDirectory.claim(home.resolve("data").resolve("stunnel"), file, owner);
            instance.prepare(home, etc, file, config);
        } catch (IOException e) {
            err.println("[!] Cannot prepare a directory under " + home.resolve("data").resolve("stunnel") + ": " + e);
            return 1;
        }
        // In inetd mode nothing more on stderr: under inetd it is often the connection's socket too.
        if (!inetd) {
            announceLog(config.global(), instance);
        }
        out.println("SLUICE_INSTANCE=" + shellQuote(instance.root().toAbsolutePath().toString()));
        out.println("SLUICE_FOREGROUND=" + config.global().foreground().name().toLowerCase(Locale.ROOT));
        out.println("SLUICE_INETD=" + (inetd ? "yes" : "no"));
        List<Path> classPath = karafClassPath();
        out.println("SLUICE_CLASSPATH=" + shellQuote(classPath.stream().map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator))));
        out.println("SLUICE_CDS=" + shellQuote(sharedArchiveOptions(classPath, !inetd)));
        // This JVM is the one bin/sluice starts Karaf with. Java 24+ prints four warning lines at every
        // start where Felix uses sun.misc.Unsafe's memory access (JEP 471), unless allowed.
        out.println("SLUICE_JVM_OPTS=" + shellQuote(Runtime.version().feature() >= 24
                ? "--sun-misc-unsafe-memory-access=allow" : ""));
        out.println("SLUICE_JIT_AUTO=" + JitChoice.of(config));
        return 0;
    }

    /** Where a background process's log goes, when that is not obvious from the file. */
    private void announceLog(GlobalOptions global, InstanceDirectory instance) {
        if (InstanceDirectory.logsToSyslog(global, false)) {
            err.println("[.] Logging to syslog (" + global.debugFacility() + ", ident " + global.service() + ")");
        } else if (global.output() == null && global.foreground() == GlobalOptions.Foreground.NO) {
            err.println("[.] Logging to " + instance.logFile(global).orElseThrow()
                    + (global.syslog() ? " (syslog unreachable: no " + InstanceDirectory.SYSLOG_SOCKET
                    + " or no logger; set output to choose the file)" : ""));
        }
    }

    /**
     * Karaf's boot class path as bin/karaf builds it, plus the specs locator jar, which bin/karaf
     * patches into java.base instead; a patched java.base turns class data sharing off.
     */
    private List<Path> karafClassPath() {
        List<Path> jars = new ArrayList<>();
        Path lib = home.resolve("lib");
        for (String dir : List.of("boot", "jdk9plus", "endorsed")) {
            try (Stream<Path> files = Files.list(lib.resolve(dir))) {
                files.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.endsWith(".jar") && (!dir.equals("endorsed") || name.startsWith("org.apache.karaf.specs.locator"));
                }).sorted().forEach(jars::add);
            } catch (IOException e) {
                // lib/jdk9plus or lib/endorsed missing: a trimmed installation; Karaf's Main names what is missing
            }
        }
        return jars;
    }

    /** The JVM options for the installation's CDS archive; none where they cannot be passed or stored. */
    private String sharedArchiveOptions(List<Path> classPath, boolean mayWarn) {
        Path directory = home.resolve("data").resolve("stunnel").resolve("cds").toAbsolutePath();
        if (directory.toString().matches(".*\\s.*")) {
            return ""; // bin/sluice passes the options unquoted
        }
        try {
            return SharedArchive.of(directory, classPath).jvmOptions();
        } catch (IOException e) {
            if (mayWarn) {
                err.println("[.] No class data sharing archive (" + e + "): Sluice starts without one");
            }
            return "";
        }
    }

    /**
     * What the JVM cannot do the way stunnel does: it cannot give up root after binding, so
     * setuid/setgid must name the user the process already runs as.
     */
    private static List<String> processProblems(GlobalOptions global) {
        List<String> problems = new ArrayList<>();
        PosixFileAttributes self = self();
        if (global.setuid() != null && !global.setuid().equals(self == null ? null : self.owner().getName())) {
            problems.add("setuid = " + global.setuid() + ": Sluice cannot change its user after start (a JVM cannot"
                    + " drop privileges after binding); run bin/sluice as " + global.setuid() + " from the start: "
                    + INSTEAD);
        }
        if (global.setgid() != null && !global.setgid().equals(self == null ? null : self.group().getName())) {
            problems.add("setgid = " + global.setgid() + ": Sluice cannot change its group after start (a JVM cannot"
                    + " drop privileges after binding); run bin/sluice with that group from the start: " + INSTEAD);
        }
        return problems;
    }

    /** /proc/self belongs to the process's effective user and group. */
    private static PosixFileAttributes self() {
        try {
            return Files.readAttributes(Path.of("/proc/self"), PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
