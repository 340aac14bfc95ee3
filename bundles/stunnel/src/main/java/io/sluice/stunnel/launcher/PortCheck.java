package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run by {@code bin/sluice} (no FILE) on a plain JVM before Karaf starts: the console's SSH port and
 * JMX's two ports must be free, else a second instance on the same host would start with Karaf's
 * stack trace on the terminal and without its console. One line instead, naming the port and where
 * it is set, and status 1.
 *
 * <p>System property {@code sluice.etc}: the installation's etc. The ports are those of
 * etc/org.apache.karaf.shell.cfg and etc/org.apache.karaf.management.cfg, whose values refer to
 * etc/custom.system.properties ({@code $[prop:sluice.ssh.port]}, ...), the one place to change them.
 */
public final class PortCheck {

    /** FileInstall's ${name} or ${name:-default}, or the interpolation plugin's $[prop:name]. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(?::-([^}]*))?}|\\$\\[prop:([^\\]]+)]");

    private final Path etc;
    private final Properties system = new Properties();

    PortCheck(Path etc) throws IOException {
        this.etc = etc;
        system.putAll(read("system.properties"));
        system.putAll(read("custom.system.properties"));
    }

    public static void main(String[] args) throws IOException {
        Path etc = Path.of(System.getProperty("sluice.etc", "etc"));
        System.exit(new PortCheck(etc).run(System.err));
    }

    /** @return 0 when every port is free (or not configured), 1 after one line on err */
    int run(PrintStream err) throws IOException {
        Properties shell = read("org.apache.karaf.shell.cfg");
        Properties management = read("org.apache.karaf.management.cfg");
        String[][] ports = {
            {"SSH console", "org.apache.karaf.shell.cfg", resolve(shell, "sshHost", "0.0.0.0"), "sshPort", resolve(shell, "sshPort", "")},
            {"JMX registry", "org.apache.karaf.management.cfg", resolve(management, "rmiRegistryHost", "0.0.0.0"), "rmiRegistryPort",
                resolve(management, "rmiRegistryPort", "")},
            {"JMX server", "org.apache.karaf.management.cfg", resolve(management, "rmiServerHost", "0.0.0.0"), "rmiServerPort",
                resolve(management, "rmiServerPort", "")},
        };
        for (String[] port : ports) {
            String problem = check(port[2], port[4]);
            if (problem != null) {
                String raw = (port[1].endsWith("shell.cfg") ? shell : management).getProperty(port[3], "");
                Matcher reference = REFERENCE.matcher(raw);
                String where = reference.find() ? name(reference) + " in etc/custom.system.properties"
                        : port[3] + " in etc/" + port[1];
                err.println("[!] " + port[0] + " port " + port[2] + ":" + port[4] + " " + problem + " (" + where
                        + "); another Sluice or Karaf on this host? Give this instance ports of its own there");
                return 1;
            }
        }
        return 0;
    }

    /** @return null when the port can be bound, else what is wrong */
    private static String check(String host, String port) {
        if (port.isEmpty()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return "is not a number";
        }
        if (number == 0) {
            return null;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers will bind it: without SO_REUSEADDR a port in TIME_WAIT would look taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), number));
            return null;
        } catch (IOException e) {
            return "is in use";
        }
    }

    /** A value with ${name}, ${name:-default} and $[prop:name] replaced from etc/custom.system.properties and system.properties. */
    String resolve(Properties properties, String key, String absent) {
        String value = properties.getProperty(key);
        if (value == null) {
            return absent;
        }
        Matcher matcher = REFERENCE.matcher(value.trim());
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = name(matcher);
            String found = System.getProperty(name, system.getProperty(name,
                    properties.getProperty(name, matcher.group(2) == null ? "" : matcher.group(2))));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(found.trim()));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static String name(Matcher reference) {
        return reference.group(1) != null ? reference.group(1) : reference.group(3);
    }

    private Properties read(String name) throws IOException {
        Properties properties = new Properties();
        Path file = etc.resolve(name);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                properties.load(reader);
            }
        }
        return properties;
    }
}
