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
 * Reads and compiles hosts.allow and hosts.deny. A missing default file has no rules, as in libwrap
 * (said with a warning); a file configured explicitly (allowFile, denyFile) that is missing or cannot
 * be read makes the policy refuse everyone, since a typo in its path must not admit everyone; a
 * default file that exists but cannot be read is a problem (libwrap refuses access when it cannot open
 * the deny file, and a policy that cannot read its rules must not pretend it has none).
 */
final class RuleLoader {

    /**
     * @param rules       the rules of the good lines
     * @param problems    the bad lines (and unreadable files); the caller decides whether {@code rules} applies
     * @param unavailable explicitly configured files that could not be read: nobody is admitted
     * @param warnings    default files that do not exist, read as empty
     * @param files       every file read, pattern files included: a change to any of them means a reload
     */
    record Loaded(RuleSet rules, List<Problem> problems, List<String> unavailable, List<String> warnings,
            Set<Path> files) {
    }

    private RuleLoader() {
    }

    static Loaded load(Path allow, Path deny) {
        RulesFile[] defaults = RulesFile.defaults(allow, deny);
        return load(defaults[0], defaults[1]);
    }

    static Loaded load(RulesFile allow, RulesFile deny) {
        PatternFiles patternFiles = new PatternFiles();
        Outcome outcome = new Outcome();
        Table allowTable = table(allow, Action.ALLOW, patternFiles, outcome);
        Table denyTable = table(deny, Action.DENY, patternFiles, outcome);
        Set<Path> files = new LinkedHashSet<>(List.of(allow.path(), deny.path()));
        files.addAll(patternFiles.used());
        return new Loaded(RuleSet.of(allowTable, denyTable), List.copyOf(outcome.problems),
                List.copyOf(outcome.unavailable), List.copyOf(outcome.warnings), files);
    }

    private static final class Outcome {
        final List<Problem> problems = new ArrayList<>();
        final List<String> unavailable = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
    }

    private static Table table(RulesFile file, Action meaning, PatternFiles patternFiles, Outcome outcome) {
        Path path = file.path();
        String name = path.toString();
        // Latin-1 maps every byte: a stray non-UTF-8 byte is then a bad pattern on its line, not an unreadable file.
        String content;
        try {
            content = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            if (file.explicit()) {
                outcome.unavailable.add(file.key() + " = " + file.written() + ": " + name + " does not exist");
            } else if (meaning == Action.DENY) {
                outcome.warnings.add(name + " does not exist: read as empty, as libwrap does; without hosts.deny"
                        + " every client that hosts.allow does not deny is admitted");
            } else {
                outcome.warnings.add(name + " does not exist: read as empty, as libwrap does;"
                        + " hosts.deny alone decides");
            }
            return Table.empty(name, meaning);
        } catch (IOException e) {
            if (file.explicit()) {
                outcome.unavailable.add(file.key() + " = " + file.written() + ": cannot read " + name + ": " + e);
            } else {
                outcome.problems.add(new Problem(name, 0, "cannot read: " + e));
            }
            return Table.empty(name, meaning);
        }
        ParsedFile parsed = HostsParser.parse(name, content, meaning, patternFiles);
        outcome.problems.addAll(parsed.problems());
        return parsed.table();
    }
}
