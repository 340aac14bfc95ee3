package io.sluice.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets kept out of configurations: a tunnel's {@code keyPassword = $[secret:web.keyPassword]}
 * names the file {@code etc/secrets/web.keyPassword}, whose content is the password. The
 * configuration (what {@code config:list}, JMX and ConfigAdmin's own store hold) then carries only
 * the reference. The syntax is that of Felix's configadmin interpolation plugin; {@code ${...}}
 * would be taken by FileInstall's own variable substitution.
 *
 * <p>The directory is rwx------ and each file rw------- (written atomically with that mode), where
 * POSIX permissions exist.
 */
public final class SecretFiles {

    /** The directory under Karaf's etc. */
    public static final String DIRECTORY = "secrets";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\[secret:([A-Za-z0-9][A-Za-z0-9._-]*)\\]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);

    private SecretFiles() {
    }

    /** Keys whose values are secrets: those naming a password, as the masking of every view has it. */
    public static boolean isSecretKey(String key) {
        return key.toLowerCase(Locale.ROOT).contains("password");
    }

    /** The secret's name when the whole value is a reference {@code $[secret:NAME]}. */
    public static Optional<String> referenced(String value) {
        Matcher matcher = value == null ? null : REFERENCE.matcher(value.trim());
        return matcher != null && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public static String reference(String name) {
        return "$[secret:" + checkedName(name) + "]";
    }

    public static Path directory(Path etc) {
        return etc.resolve(DIRECTORY);
    }

    public static Path file(Path etc, String name) {
        return directory(etc).resolve(checkedName(name));
    }

    /**
     * The value itself, or for a reference the content of its file (without the line end an editor
     * or {@code echo} adds). A file others may read is used, with stunnel's warning.
     */
    public static String resolve(Path etc, String value) throws IOException {
        Optional<String> name = referenced(value);
        if (name.isEmpty()) {
            return value;
        }
        Path file = file(etc, name.get());
        String content = Files.readString(file, StandardCharsets.UTF_8);
        warnIfOthersMayRead(file);
        return content.replaceAll("[\r\n]+$", "");
    }

    /**
     * Writes the secret into {@code etc/secrets/NAME} (rw-------, the directory rwx------), replacing
     * the file in one step, unless it holds that value already.
     *
     * @return whether the file changed
     */
    public static boolean write(Path etc, String name, String value) throws IOException {
        Path file = file(etc, name);
        createDirectory(directory(etc));
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(value)) {
            return false;
        }
        AtomicFiles.write(file, value, true);
        return true;
    }

    public static void delete(Path etc, String name) throws IOException {
        Files.deleteIfExists(file(etc, name));
    }

    private static void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.getParent());
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Created with its mode: never open to others, not even for a moment.
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------")); // past the umask
        } else {
            Files.createDirectory(directory);
        }
    }

    private static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a secret name: use letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    /** stunnel only warns: "Insecure file permissions on FILE". */
    private static void warnIfOthersMayRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("Insecure file permissions on {}", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to say
        }
    }
}
