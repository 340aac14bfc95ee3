package io.sluice.stunnel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file grammar of stunnel's options_file(): comments, {@code [section]} headers, {@code name = value}
 * split at the first {@code =}, and {@code include = DIR} expanded in place. Option names are not looked
 * at here beyond {@code include}; that is the job of {@link StunnelConfigReader}.
 */
final class ConfigFileReader {

    /** Guards against a directory that includes itself; stunnel has no limit and recurses until it crashes. */
    private static final int MAX_INCLUDE_DEPTH = 10;

    private final Problems problems;
    private final List<Line> lines = new ArrayList<>();
    /** Sections opened in an included file stay open afterwards, as in stunnel. */
    private String section;

    private ConfigFileReader(Problems problems) {
        this.problems = problems;
    }

    static List<Line> read(Path file, Problems problems) throws IOException {
        ConfigFileReader reader = new ConfigFileReader(problems);
        reader.readFile(file, content(file), 0);
        return reader.lines;
    }

    private void readFile(Path file, List<String> content, int depth) {
        for (int i = 0; i < content.size(); i++) {
            String raw = content.get(i);
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1); // the UTF-8 byte order mark stunnel skips on line 1
            }
            String text = raw.strip();
            Where where = Where.of(file, i + 1, text);
            if (text.isEmpty() || text.startsWith(";") || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                section = text.substring(1, text.length() - 1).strip();
                lines.add(new Line(where, section, null, null));
                continue;
            }
            int equals = text.indexOf('=');
            if (equals < 0) {
                problems.error(section, where, "No '=' found");
                continue;
            }
            String name = text.substring(0, equals).strip();
            String value = text.substring(equals + 1).strip();
            if (name.equalsIgnoreCase("include")) {
                include(file, where, value, depth);
            } else {
                lines.add(new Line(where, section, name, value));
            }
        }
    }

    /** Lenient UTF-8 (malformed bytes become U+FFFD): stunnel reads bytes, and a Latin-1 comment must not fail the read. */
    private static List<String> content(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    /** Every regular file of DIR in lexical order, as if inline; a relative DIR is taken from the including file's directory. */
    private void include(Path file, Where where, String value, int depth) {
        if (depth >= MAX_INCLUDE_DEPTH) {
            problems.error(section, where, "include: nested more than " + MAX_INCLUDE_DEPTH + " levels deep");
            return;
        }
        Path dir = file.toAbsolutePath().getParent().resolve(value).normalize();
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            problems.error(section, where, "include: cannot read directory " + dir);
            return;
        }
        for (Path included : files) {
            try {
                readFile(included, content(included), depth + 1);
            } catch (IOException e) {
                problems.error(section, where, "include: cannot read file " + included + ": " + e.getMessage());
            }
        }
    }
}
