package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * stunnel's command-line switches that Sluice does not run as its own (matched case-insensitively,
 * as stunnel's strcasecmp), and {@code -fd N}: the configuration read from an inherited descriptor.
 */
final class Switches {

    private static final String WINDOWS = "Windows only";
    /** By switch: why it is refused. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("-sockets", "not supported: Sluice's socket option defaults are in the README's key table"),
            Map.entry("-options", "not supported: no OpenSSL options on the JVM (see the options row of the option table)"),
            Map.entry("-install", WINDOWS), Map.entry("-uninstall", WINDOWS), Map.entry("-start", WINDOWS),
            Map.entry("-stop", WINDOWS), Map.entry("-reload", WINDOWS + " (send HUP)"),
            Map.entry("-reopen", WINDOWS + " (send USR1)"), Map.entry("-exit", WINDOWS + " (send TERM)"),
            Map.entry("-quiet", WINDOWS));

    private Switches() {
    }

    /** @return why a switch of stunnel's is refused, or null when it is none of those */
    static String refusal(String argument) {
        return REFUSED.get(argument.toLowerCase(Locale.ROOT));
    }

    /**
     * Copies what descriptor {@code fd} holds to {@code dir/HASH.conf} and returns that file: the
     * process reads its configuration again on HUP, when the descriptor is long read. The same text
     * gives the same file, so its instance directory (and Karaf's cache in it) is reused.
     *
     * @throws IOException naming the descriptor when it cannot be read
     */
    static Path copyDescriptor(String fd, Path dir) throws IOException {
        if (!fd.matches("\\d{1,6}")) {
            throw new IOException("-fd " + fd + ": not a file descriptor number");
        }
        byte[] text;
        try {
            text = Files.readAllBytes(Path.of("/proc/self/fd", fd));
        } catch (IOException e) {
            throw new IOException("-fd " + fd + ": cannot read file descriptor " + fd + " (" + e.getMessage() + ")", e);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(hash(text) + ".conf");
        if (!Files.exists(file)) {
            Path partial = Files.createTempFile(dir, "fd-", ".tmp");
            Files.write(partial, text);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static String hash(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
