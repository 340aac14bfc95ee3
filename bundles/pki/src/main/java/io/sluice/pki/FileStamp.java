package io.sluice.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What tells that a watched file changed (certificates, keys, trust files, libwrap rules): a digest
 * of its content; of a directory, of its entries' names and contents, as CApath is read.
 * Modification time and size are not enough: two same-size edits within one tick of the file
 * system's coarse clock look identical (access-hosts' tests caught exactly that). These files are
 * small; reading them once a second costs little.
 */
public record FileStamp(String state) {

    private static final FileStamp MISSING = new FileStamp("missing");

    public static FileStamp of(Path path) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(path)) {
                List<Path> entries;
                try (Stream<Path> list = Files.list(path)) {
                    entries = list.sorted().toList();
                }
                for (Path entry : entries) {
                    digest.update(entry.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    if (Files.isRegularFile(entry)) {
                        digest.update(Files.readAllBytes(entry));
                    }
                    digest.update((byte) 0);
                }
            } else {
                digest.update(Files.readAllBytes(path));
            }
            return new FileStamp(HexFormat.of().formatHex(digest.digest()));
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
