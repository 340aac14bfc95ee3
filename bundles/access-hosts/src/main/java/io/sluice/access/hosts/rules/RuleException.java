package io.sluice.access.hosts.rules;

/** Why a line of a rules file is refused; the parser adds the file and line. */
public class RuleException extends Exception {

    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
