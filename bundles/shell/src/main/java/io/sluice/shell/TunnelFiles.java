package io.sluice.shell;

import io.sluice.api.TunnelKey;
import io.sluice.api.TunnelKeys;
import io.sluice.pki.AtomicFiles;
import io.sluice.pki.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tunnel files in Karaf's etc/ ({@code io.sluice.tunnel-NAME.cfg}): what the commands write is
 * what an operator would write by hand, and FileInstall applies it the same way. Every file is
 * replaced atomically, so a tunnel never sees half a file.
 *
 * <p>Passwords never go into a tunnel file: {@code keyPassword} (and any other password key) is
 * written to {@code etc/secrets/NAME.KEY} (rw-------, in a rwx------ directory) and the file holds
 * the reference {@code $[secret:NAME.KEY]}, which the tunnel resolves when it loads. So
 * {@code config:list}, JMX and ConfigAdmin's store show the reference only. A file that holds a
 * password in clear all the same (written by hand), or that its owner made private, is rewritten
 * rw-------; others keep the default rw-r--r--.
 */
final class TunnelFiles {

    /** Changed with a secret, so that FileInstall sees a new configuration and the tunnel reads the secret again. */
    static final String SECRETS_STAMP = "sluice.secrets.stamp";

    private TunnelFiles() {
    }

    static Path etc() {
        return Paths.get(System.getProperty("karaf.etc", "etc"));
    }

    static Path file(String name) {
        return file(etc(), name);
    }

    static Path file(Path etc, String name) {
        return etc.resolve(TunnelKeys.FACTORY_PID + "-" + TunnelKeys.checkedName(name) + ".cfg");
    }

    static void create(String name, Map<String, String> values) throws IOException {
        create(etc(), name, values);
    }

    static void create(Path etc, String name, Map<String, String> values) throws IOException {
        Path file = file(etc, name);
        if (Files.exists(file)) {
            throw new IllegalArgumentException("tunnel " + name + " exists already (" + file + "); use tunnel:set");
        }
        List<String> lines = new ArrayList<>(List.of("# created by tunnel:create"));
        for (Map.Entry<String, String> entry : values.entrySet()) {
            lines.add(entry.getKey() + " = " + stored(etc, name, entry.getKey(), entry.getValue()));
        }
        write(file, lines);
    }

    static void set(String name, String key, String value) throws IOException {
        set(etc(), name, key, value);
    }

    /** Replaces the key's line (keys match case-insensitively, as the tunnel reads them) or appends one. */
    static void set(Path etc, String name, String key, String value) throws IOException {
        String canonical = canonicalKey(key);
        Path file = existing(etc, name);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        boolean newSecret = SecretFiles.isSecretKey(canonical) && SecretFiles.referenced(value).isEmpty();
        String written = stored(etc, name, canonical, value);
        replace(lines, canonical, written);
        if (newSecret) {
            // The reference may be the same as before: without a change FileInstall would not tell the tunnel.
            replace(lines, SECRETS_STAMP, String.valueOf(Files.getLastModifiedTime(
                    SecretFiles.file(etc, secretName(name, canonical))).toMillis()));
        }
        write(file, lines);
    }

    static void delete(String name) throws IOException {
        delete(etc(), name);
    }

    /** Deletes the file, and the secrets it refers to that tunnel:create or tunnel:set wrote for it. */
    static void delete(Path etc, String name) throws IOException {
        Path file = existing(etc, name);
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int separator = line.indexOf('=');
            if (separator > 0) {
                SecretFiles.referenced(line.substring(separator + 1)).filter(secret -> secret.startsWith(name + "."))
                        .ifPresent(secrets::add);
            }
        }
        Files.delete(file);
        for (String secret : secrets) {
            SecretFiles.delete(etc, secret);
        }
    }

    static String canonicalKey(String key) {
        return TunnelKeys.find(key).map(TunnelKey::name).orElseThrow(() ->
                new IllegalArgumentException("unknown key '" + key + "' (known: " + String.join(", ", TunnelKeys.names()) + ")"));
    }

    /** The secret of tunnel NAME's KEY: etc/secrets/NAME.KEY. */
    static String secretName(String name, String key) {
        return name + "." + key;
    }

    /** What goes into the file for KEY: the value, or for a password the reference to the secret written for it. */
    private static String stored(Path etc, String name, String key, String value) throws IOException {
        if (!SecretFiles.isSecretKey(key) || SecretFiles.referenced(value).isPresent()) {
            return value;
        }
        String secret = secretName(name, key);
        SecretFiles.write(etc, secret, value);
        return SecretFiles.reference(secret);
    }

    private static void replace(List<String> lines, String key, String value) {
        Pattern line = Pattern.compile("\\s*" + Pattern.quote(key) + "\\s*[=:].*", Pattern.CASE_INSENSITIVE);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
    }

    private static Path existing(Path etc, String name) {
        Path file = file(etc, name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("tunnel " + name + " has no file " + file
                    + " (tunnel:list shows the tunnels; one configured by other means is changed there)");
        }
        return file;
    }

    /**
     * The temporary file ends in .tmp, outside etc/'s *.cfg pattern: FileInstall never reads half a file.
     * It is created rw------- and given its final mode before anything is written into it.
     */
    private static void write(Path file, List<String> lines) throws IOException {
        AtomicFiles.write(file, String.join("\n", lines) + "\n", holdsPassword(lines) || isPrivate(file));
    }

    /** A password in clear (not a $[secret:...] reference), as an operator may have written by hand. */
    private static boolean holdsPassword(List<String> lines) {
        for (String line : lines) {
            int separator = line.indexOf('=');
            String trimmed = line.trim();
            if (separator > 0 && !trimmed.startsWith("#") && !trimmed.startsWith("!")
                    && SecretFiles.isSecretKey(line.substring(0, separator))
                    && !line.substring(separator + 1).isBlank()
                    && SecretFiles.referenced(line.substring(separator + 1)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** An existing file others may not read stays so. */
    private static boolean isPrivate(Path file) throws IOException {
        if (!Files.exists(file) || !Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return false;
        }
        return !Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    }
}
