package io.sluice.pki;

import io.sluice.api.tls.PreSharedKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stunnel's {@code PSKsecrets} file: one {@code IDENTITY:KEY} line per key. The identity is what
 * comes before the first colon; a key that is valid hex (byte pairs, optionally separated by
 * colons, as OpenSSL's hexstr2buf reads them) is decoded, anything else is taken as its bytes.
 * As stunnel (OpenSSL's PSK_MAX_* limits): a key of 16 to 512 bytes, an identity below 256 characters.
 */
public final class PskFiles {

    static final int MIN_KEY = 16;
    static final int MAX_KEY = 512;
    static final int MAX_IDENTITY = 255;

    private static final Logger LOG = LoggerFactory.getLogger(PskFiles.class);

    private PskFiles() {
    }

    /** The keys of the file in its order; errors name the file and line, never a key. */
    public static List<PreSharedKeys.Key> load(Path file) throws PkiException {
        byte[] content = KeyFiles.read(file, "PSKsecrets");
        warnIfWorldAccessible(file);
        List<PreSharedKeys.Key> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("[\\r\\s]+$", "");
            String where = file + ":" + (i + 1) + ": ";
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new PkiException(where + "Identity not found (expected IDENTITY:KEY)");
            }
            String identity = line.substring(0, colon);
            if (identity.isEmpty()) {
                throw new PkiException(where + "Empty identity (expected IDENTITY:KEY)");
            }
            if (identity.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY) {
                throw new PkiException(where + "Identity longer than " + MAX_IDENTITY + " characters");
            }
            byte[] key = key(line.substring(colon + 1));
            if (key.length < MIN_KEY) {
                throw new PkiException(where + "Key shorter than " + MIN_KEY + " bytes");
            }
            if (key.length > MAX_KEY) {
                throw new PkiException(where + "Key longer than " + MAX_KEY + " bytes");
            }
            if (!seen.add(identity)) {
                throw new PkiException(where + "Identity '" + identity + "' is listed twice");
            }
            keys.add(new PreSharedKeys.Key(identity, key));
        }
        if (keys.isEmpty()) {
            throw new PkiException(file + ": no IDENTITY:KEY line");
        }
        return keys;
    }

    /** Hex (pairs, colons allowed between them) decoded; otherwise the text's own bytes. */
    static byte[] key(String text) {
        byte[] hex = hex(text);
        return hex != null ? hex : text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String text) {
        String digits = text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2})*") ? text.replace(":", "") : text;
        if (digits.isEmpty() || digits.length() % 2 != 0 || !digits.matches("\\p{XDigit}+")) {
            return null;
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** stunnel only warns: "Insecure file permissions on FILE". */
    private static void warnIfWorldAccessible(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                LOG.warn("Insecure file permissions on {}", file);
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // not a POSIX file system: nothing to say
        }
    }
}
