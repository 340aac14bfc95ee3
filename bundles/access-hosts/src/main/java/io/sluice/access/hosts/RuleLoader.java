package io.sluice.access.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sluice.access.hosts.rules.Action;
import io.sluice.access.hosts.rules.HostsParser;
import io.sluice.access.hosts.rules.ParsedFile;
import io.sluice.access.hosts.rules.PatternFiles;
import io.sluice.access.hosts.rules.Problem;
import io.sluice.access.hosts.rules.RuleSet;
import io.sluice.access.hosts.rules.Table;

/**
 * Reads and compiles hosts.allow and hosts.deny. A missing file has no rules, as in libwrap; a file
 * that exists but cannot be read is a problem (libwrap refuses access when it cannot open the deny
 * file, and a policy that cannot read its rules must not pretend it has none).
 */
final class RuleLoader {

    /**
     * @param rules    the rules of the good lines
     * @param problems the bad lines (and unreadable files); the caller decides whether {@code rules} applies
     * @param files    every file read, pattern files included: a change to any of them means a reload
     */
    record Loaded(RuleSet rules, List<Problem> problems, Set<Path> files) {
    }

    private RuleLoader() {
    }

    static Loaded load(Path allow, Path deny) {
        PatternFiles patternFiles = new PatternFiles();
        List<Problem> problems = new ArrayList<>();
        Table allowTable = table(allow, Action.ALLOW, patternFiles, problems);
        Table denyTable = table(deny, Action.DENY, patternFiles, problems);
        Set<Path> files = new LinkedHashSet<>(List.of(allow, deny));
        files.addAll(patternFiles.used());
        return new Loaded(RuleSet.of(allowTable, denyTable), List.copyOf(problems), files);
    }

    private static Table table(Path path, Action meaning, PatternFiles patternFiles, List<Problem> problems) {
        String name = path.toString();
        // Latin-1 maps every byte: a stray non-UTF-8 byte is then a bad pattern on its line, not an unreadable file.
        String content;
        try {
            content = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Table.empty(name, meaning);
        } catch (IOException e) {
            problems.add(new Problem(name, 0, "cannot read: " + e));
            return Table.empty(name, meaning);
        }
        ParsedFile parsed = HostsParser.parse(name, content, meaning, patternFiles);
        problems.addAll(parsed.problems());
        return parsed.table();
    }
}
