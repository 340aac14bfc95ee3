package io.sluice.access.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What tells that a file changed: a digest of its content. Modification time and size are not
 * enough: two same-size edits within one tick of the file system's coarse clock look identical
 * (the tests caught exactly that). Rules files are small; reading them once a second costs little.
 */
record FileStamp(String state) {

    private static final FileStamp MISSING = new FileStamp("missing");

    static FileStamp of(Path path) {
        try {
            return new FileStamp(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            // Unreadable: a stamp of its own, so that the loader runs and reports why.
            return new FileStamp("unreadable: " + e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
