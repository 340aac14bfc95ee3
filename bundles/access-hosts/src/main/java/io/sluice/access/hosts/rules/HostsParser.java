package io.sluice.access.hosts.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a hosts_access(5) file: {@code daemon_list : client_list [ : option : option ... ]} per
 * logical line. A bad line is reported with its file and line number and left out; the other lines
 * are compiled, so the caller decides whether a partly bad file may apply.
 */
public final class HostsParser {

    private HostsParser() {
    }

    public static ParsedFile parse(String file, String content, Action meaning, PatternFiles files) {
        ListParser lists = new ListParser(files);
        List<Rule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (LogicalLines.Line line : LogicalLines.of(content)) {
            String source = file + ":" + line.number();
            try {
                rules.add(rule(line.text(), source, lists));
            } catch (RuleException e) {
                problems.add(new Problem(file, line.number(), e.getMessage()));
            }
        }
        return new ParsedFile(Table.of(file, meaning, rules), List.copyOf(problems));
    }

    private static Rule rule(String text, String source, ListParser lists) throws RuleException {
        List<String> fields = Fields.split(text);
        if (fields.size() < 2) {
            throw new RuleException("missing \":\" separator");
        }
        PatternList daemons = lists.parse(fields.get(0), "daemon list", token -> DaemonPatterns.compile(token, source));
        PatternList clients = lists.parse(fields.get(1), "client list", token -> new ClientHost(HostPatterns.compile(token)));
        Options options = Options.parse(fields.subList(2, fields.size()));
        return new Rule(source, daemons, clients, options.action, options.severity);
    }
}
