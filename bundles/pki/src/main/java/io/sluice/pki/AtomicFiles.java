package io.sluice.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file in one step: the content goes to a temporary file in the same directory, which is
 * then renamed over the target. A reader (or a file watcher) sees the old file or the new one, never
 * half of one. Used for keys and certificates here, and for tunnel files and state elsewhere.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** @param secret readable by the owner only (rw-------), else rw-r--r--, where POSIX permissions exist */
    public static void write(Path target, String content, boolean secret) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        // createTempFile makes the file rw------- on POSIX systems: a secret is never readable by
        // others, not even before its permissions are set.
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
