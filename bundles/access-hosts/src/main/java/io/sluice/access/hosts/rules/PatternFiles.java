package io.sluice.access.hosts.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code /path} pattern files (whitespace-separated patterns) at load time, and remembers
 * which were read so that a change to one of them reloads the rules like a change to the rules
 * files does. A missing file is an error on the line that names it (libwrap silently matches nothing).
 */
public final class PatternFiles {

    private final Set<Path> used = new LinkedHashSet<>();

    List<String> read(String token) throws RuleException {
        Path path;
        try {
            path = Paths.get(token);
        } catch (InvalidPathException e) {
            throw new RuleException("\"" + token + "\" is not a usable file name: " + e.getReason());
        }
        used.add(path);
        try {
            String content = Files.readString(path, StandardCharsets.ISO_8859_1);
            return Arrays.stream(content.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        } catch (NoSuchFileException e) {
            // libwrap reads it as empty; a rule meant to list clients then silently lists none.
            throw new RuleException("pattern file " + token + " does not exist");
        } catch (IOException e) {
            throw new RuleException("cannot read pattern file " + token + ": " + e);
        }
    }

    public Set<Path> used() {
        return Set.copyOf(used);
    }
}
