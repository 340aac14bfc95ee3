package io.sluice.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OpenSSL-style directories (CApath, CRLpath): every regular file that holds the wanted objects counts. */
final class DirectoryFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryFiles.class);

    /** Reads one file; a PkiException means "not such a file" and skips it. */
    interface Loader<T> {
        List<T> load(Path file) throws PkiException;
    }

    private DirectoryFiles() {
    }

    /**
     * The objects of every regular file in name order, duplicates once (a hash link beside the file it points
     * to); files that are not of the kind are skipped (the directories are often shared).
     *
     * @param what "CA" or "CRL", for messages
     */
    static <T> List<T> loadAll(Path dir, String what, Loader<T> loader) throws PkiException {
        if (!Files.isDirectory(dir)) {
            throw new PkiException(what + " directory " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PkiException("cannot list " + what + " directory " + dir + ": " + e, e);
        }
        Set<T> all = new LinkedHashSet<>();
        for (Path file : files) {
            try {
                all.addAll(loader.load(file));
            } catch (PkiException e) {
                LOG.debug("Skipping {} in {} directory: {}", file, what, e.getMessage());
            }
        }
        if (all.isEmpty()) {
            throw new PkiException("no " + ("CA".equals(what) ? "certificate" : what) + " found in any file of "
                    + what + " directory " + dir);
        }
        return List.copyOf(all);
    }
}
