package io.sluice.access.hosts.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A daemon or client list: tokens separated by blanks and/or commas, {@code EXCEPT} nesting to the
 * right ({@code a EXCEPT b EXCEPT c} = a except (b except c)), {@code /path} tokens expanded from
 * their file.
 */
final class ListParser {

    @FunctionalInterface
    interface TokenCompiler {
        Pattern compile(String token) throws RuleException;
    }

    private final PatternFiles files;

    ListParser(PatternFiles files) {
        this.files = files;
    }

    PatternList parse(String field, String what, TokenCompiler compiler) throws RuleException {
        List<String> tokens = Arrays.stream(field.split("[, \t\r\n]+")).filter(s -> !s.isEmpty()).toList();
        if (tokens.isEmpty()) {
            throw new RuleException("empty " + what);
        }
        return parse(tokens, what, compiler);
    }

    private PatternList parse(List<String> tokens, String what, TokenCompiler compiler) throws RuleException {
        List<Pattern> items = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equalsIgnoreCase("EXCEPT")) {
                if (items.isEmpty()) {
                    throw new RuleException("EXCEPT with nothing before it in the " + what);
                }
                if (i + 1 == tokens.size()) {
                    throw new RuleException("EXCEPT with nothing after it in the " + what);
                }
                return new PatternList(items, parse(tokens.subList(i + 1, tokens.size()), what, compiler));
            }
            items.add(token.startsWith("/") ? fromFile(token, compiler) : compiler.compile(token));
        }
        return new PatternList(items, null);
    }

    private Pattern fromFile(String path, TokenCompiler compiler) throws RuleException {
        List<Pattern> items = new ArrayList<>();
        for (String token : files.read(path)) {
            if (token.startsWith("/")) {
                throw new RuleException("pattern file " + path + " names another file (" + token + "), which libwrap "
                        + "would take as a plain name; not supported");
            }
            try {
                items.add(compiler.compile(token));
            } catch (RuleException e) {
                throw new RuleException("in pattern file " + path + ": " + e.getMessage());
            }
        }
        return new PatternList(items, null);
    }
}
