package io.sluice.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Port names as stunnel takes them ({@code accept = https}, {@code connect = smtp}): stunnel asks
 * getservbyname(3) for the TCP port, which on Linux reads /etc/services. The JVM has no such call,
 * so the file is read here, once: names and aliases of its {@code tcp} lines.
 */
final class ServiceNames {

    private static final Path SERVICES = Path.of("/etc/services");

    private static volatile Map<String, Integer> tcp;

    private ServiceNames() {
    }

    /** The TCP port of a service name or alias of /etc/services; empty when unknown (or no file). */
    static OptionalInt port(String name) {
        Integer port = ports().get(name);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private static Map<String, Integer> ports() {
        Map<String, Integer> known = tcp;
        if (known == null) {
            known = read(SERVICES);
            tcp = known;
        }
        return known;
    }

    /** "name port/protocol [aliases...] [# comment]"; the first line of a name counts, as getservbyname. */
    static Map<String, Integer> read(Path file) {
        Map<String, Integer> ports = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                if (fields.length < 2 || !fields[1].endsWith("/tcp")) {
                    continue;
                }
                int port;
                try {
                    port = Integer.parseInt(fields[1].substring(0, fields[1].length() - "/tcp".length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                for (int i = 0; i < fields.length; i++) {
                    if (i != 1) {
                        ports.putIfAbsent(fields[i], port);
                    }
                }
            }
        } catch (IOException e) {
            return Map.of(); // no /etc/services: numbers only, as getservbyname finds nothing either
        }
        return Map.copyOf(ports);
    }
}
