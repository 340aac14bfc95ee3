package io.sluice.stunnel;

import java.util.List;

/** A configuration that cannot be used: every message, the last being {@code [!] Configuration failed}. */
public final class StunnelConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> messages;

    StunnelConfigException(List<String> messages) {
        super(String.join("\n", messages));
        this.messages = List.copyOf(messages);
    }

    /** One line each, as stunnel prints them to stderr. */
    public List<String> messages() {
        return messages;
    }
}
