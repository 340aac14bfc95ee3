package io.sluice.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The files a tunnel's TLS material is read from, as the configuration names them (resolved against
 * etc/, not looked at yet): what {@link TlsMaterialLoader} reads at the start and again whenever
 * one of them changes. Each is null when its key is not set.
 *
 * @param keyPassword the key's password (keyPassword), not a file but read with it
 * @param pskIdentity the identity a PSK client presents (PSKidentity), checked against PSKsecrets
 */
record TlsFiles(Path cert, Path key, String keyPassword, Path caFile, Path caPath, Path crlFile, Path crlPath,
        Path pskSecrets, String pskIdentity) {

    static final TlsFiles NONE = new TlsFiles(null, null, null, null, null, null, null, null, null);

    /** The files a running tunnel follows (hot rotation): new connections get what they hold now. */
    List<Path> watched() {
        return Stream.of(cert, key, caFile, caPath, crlFile, crlPath, pskSecrets)
                .filter(Objects::nonNull).distinct().toList();
    }

    @Override
    public String toString() {
        return "TlsFiles" + watched() + (keyPassword == null ? "" : " (key password ****)");
    }
}
