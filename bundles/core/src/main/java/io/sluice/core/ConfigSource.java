package io.sluice.core;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a configuration came from, so that an error can point at the file and line of the key.
 * Only files placed by FileInstall ({@code etc/*.cfg}) have one.
 */
final class ConfigSource {

    /** Set by Felix FileInstall on configurations it created from a file, as a file: URL. */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private static final ConfigSource NONE = new ConfigSource(null);

    private final Path file;

    private ConfigSource(Path file) {
        this.file = file;
    }

    static ConfigSource of(Map<String, ?> properties) {
        Object value = properties.get(FILE_PROPERTY);
        if (value == null) {
            return NONE;
        }
        String text = value.toString();
        try {
            return new ConfigSource(text.startsWith("file:") ? Paths.get(URI.create(text)) : Paths.get(text));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    /** The file this configuration came from, when FileInstall made it from one. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** "FILE:LINE: " for the first line setting key, "FILE: " without one, "" without a file. */
    String locate(String key) {
        if (file == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String wanted = key.toLowerCase(Locale.ROOT);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim().toLowerCase(Locale.ROOT);
                if (line.startsWith(wanted) && line.substring(wanted.length()).matches("\\s*[=:].*")) {
                    return file + ":" + (i + 1) + ": ";
                }
            }
        } catch (IOException e) {
            // The file may be gone already (deleted while being applied): name it without a line.
        }
        return file + ": ";
    }
}
