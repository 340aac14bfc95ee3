package io.sluice.stunnel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error of a read instead of stopping at the first, so that an operator fixes a
 * converted file in one pass; stunnel's prefixes mark the severity ({@code [!]} error, {@code [:]} warning).
 */
final class Problems {

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** The service of a file without sections, reported as stunnel does: {@code Inetd mode}. */
    private String inetdService;

    void inetd(String service) {
        inetdService = service;
    }

    void error(String section, Where where, String message) {
        errors.add("[!] " + format(section, where, message));
    }

    /** A problem of the file as a whole, not of one line. */
    void error(Path file, String message) {
        errors.add("[!] " + file + ": " + message);
    }

    void warning(String section, Where where, String message) {
        warnings.add("[:] " + format(section, where, message));
    }

    /** A warning stunnel itself logs: its exact line, without Sluice's prefix and position (tools grep for it). */
    void stunnelWarning(String line) {
        warnings.add(line);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Ends the read as stunnel does: every message, then {@code Configuration failed}. */
    void throwIfAny() throws StunnelConfigException {
        if (!errors.isEmpty()) {
            List<String> messages = new ArrayList<>(errors);
            messages.add("[!] Configuration failed");
            throw new StunnelConfigException(messages);
        }
    }

    /** stunnel's context ("Global options", "Inetd mode" or "Service [NAME]") followed by the file position. */
    private String format(String section, Where where, String message) {
        String context = section == null ? "Global options"
                : section.equals(inetdService) ? "Inetd mode" : "Service [" + section + "]";
        return context + ": " + where + ": " + message;
    }
}
