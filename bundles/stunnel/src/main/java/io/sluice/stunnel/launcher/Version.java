package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What {@code sluice -version} and {@code -help} print to standard error, as stunnel does. */
final class Version {

    private Version() {
    }

    static void print(PrintStream err, Path home) {
        err.println("Sluice " + installed(home, "io/sluice/io.sluice.stunnel") + " on Java " + Runtime.version()
                + " (" + System.getProperty("java.vendor") + ") " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        err.println("TLS providers: jsse (SunJSSE " + Runtime.version().feature() + "), bc (Bouncy Castle BCJSSE "
                + installed(home, "org/bouncycastle/bctls-jdk18on") + ")");
        err.println("Threading:MINA " + installed(home, "org/apache/mina/mina-core")
                + " Sockets:NIO,IPv6 TLS:SNI Auth:LIBWRAP (hosts.allow, hosts.deny)");
    }

    static void usage(PrintStream err) {
        err.println(" ");
        err.println("Usage:");
        err.println("sluice [<filename>]   run the stunnel configuration file (no filename: the tunnels of etc/)");
        err.println("sluice -fd <n>        read the configuration file from file descriptor n");
        err.println("sluice -version       print the versions");
        err.println("sluice -help          print this text");
        err.println(" ");
        err.println("Signals: HUP reloads the file, USR1 reopens the log file, USR2 lists the active connections,");
        err.println("TERM and INT end the process.");
        err.println("Every stunnel 5 option is either supported or refused with the reason; see the option table");
        err.println("of the stunnel compatibility bundle (bundles/stunnel/README.md).");
    }

    /** The version of an artifact in the installation's system repository. */
    private static String installed(Path home, String groupAndArtifact) {
        try (Stream<Path> versions = Files.list(home.resolve("system").resolve(groupAndArtifact))) {
            return versions.map(path -> path.getFileName().toString()).sorted().reduce((a, b) -> b).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
