package io.sluice.protocol.connect;

import io.sluice.api.protocol.AllowedTargets;
import java.io.IOException;

/**
 * Server mode: the targets a client may ask for, from {@code protocolAllow = host:port, ...}.
 * An entry is an exact host (a name or an address literal, compared as written, ignoring case)
 * or {@code *.domain} (any name below the domain, not the domain itself), always with an exact
 * port. Nothing else matches, so an empty list allows nothing: never an open proxy.
 */
final class AllowList {

    /** The matching, shared with protocol = socks. */
    private final AllowedTargets targets;

    private AllowList(AllowedTargets targets) {
        this.targets = targets;
    }

    /** @param text the option's value, null when it is not set */
    static AllowList parse(String text) throws IOException {
        if (text != null) {
            for (String item : text.split(",")) {
                String entry = item.trim();
                if (!entry.isEmpty()) {
                    // This bundle's words for a bad entry (the console and tests know them).
                    HostPort.parse(entry.startsWith("*.") ? entry.substring(2) : entry, ConnectNegotiator.ALLOW);
                }
            }
        }
        try {
            return new AllowList(AllowedTargets.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("connect: " + ConnectNegotiator.ALLOW + " = " + HttpLines.printable(text) + ": "
                    + e.getMessage());
        }
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    boolean allows(HostPort target) {
        return targets.allows(target.host(), target.port());
    }
}
