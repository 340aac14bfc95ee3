package io.sluice.shell;

import io.sluice.api.TunnelKey;
import io.sluice.api.TunnelKeys;
import io.sluice.pki.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tunnel files in Karaf's etc/ ({@code io.sluice.tunnel-NAME.cfg}): what the commands write is
 * what an operator would write by hand, and FileInstall applies it the same way. Every file is
 * replaced atomically, so a tunnel never sees half a file.
 */
final class TunnelFiles {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private TunnelFiles() {
    }

    static Path etc() {
        return Paths.get(System.getProperty("karaf.etc", "etc"));
    }

    static Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a tunnel name: use letters, digits, '.', '_' and '-'");
        }
        return etc().resolve(TunnelKeys.FACTORY_PID + "-" + name + ".cfg");
    }

    static void create(String name, Map<String, String> values) throws IOException {
        Path file = file(name);
        if (Files.exists(file)) {
            throw new IllegalArgumentException("tunnel " + name + " exists already (" + file + "); use tunnel:set");
        }
        List<String> lines = new ArrayList<>(List.of("# created by tunnel:create"));
        values.forEach((key, value) -> lines.add(key + " = " + value));
        write(file, lines);
    }

    /** Replaces the key's line (keys match case-insensitively, as the tunnel reads them) or appends one. */
    static void set(String name, String key, String value) throws IOException {
        String canonical = canonicalKey(key);
        Path file = existing(name);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Pattern line = Pattern.compile("\\s*" + Pattern.quote(canonical) + "\\s*[=:].*", Pattern.CASE_INSENSITIVE);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                lines.set(i, canonical + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(canonical + " = " + value);
        }
        write(file, lines);
    }

    static void delete(String name) throws IOException {
        Files.delete(existing(name));
    }

    static String canonicalKey(String key) {
        return TunnelKeys.find(key).map(TunnelKey::name).orElseThrow(() ->
                new IllegalArgumentException("unknown key '" + key + "' (known: " + String.join(", ", TunnelKeys.names()) + ")"));
    }

    private static Path existing(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("tunnel " + name + " has no file " + file
                    + " (tunnel:list shows the tunnels; one configured by other means is changed there)");
        }
        return file;
    }

    /** The temporary file ends in .tmp, outside etc/'s *.cfg pattern: FileInstall never reads half a file. */
    private static void write(Path file, List<String> lines) throws IOException {
        AtomicFiles.write(file, String.join("\n", lines) + "\n", false);
    }
}
