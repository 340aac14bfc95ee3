package io.sluice.protocol.connect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server mode: the targets a client may ask for, from {@code protocolAllow = host:port, ...}.
 * An entry is an exact host (a name or an address literal, compared as written, ignoring case)
 * or {@code *.domain} (any name below the domain, not the domain itself), always with an exact
 * port. Nothing else matches, so an empty list allows nothing: never an open proxy.
 */
final class AllowList {

    private final List<HostPort> entries;

    private AllowList(List<HostPort> entries) {
        this.entries = entries;
    }

    /** @param text the option's value, null when it is not set */
    static AllowList parse(String text) throws IOException {
        List<HostPort> entries = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(",")) {
                String entry = item.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                boolean wildcard = entry.startsWith("*.");
                HostPort parsed = HostPort.parse(wildcard ? entry.substring(2) : entry, ConnectNegotiator.ALLOW);
                entries.add(wildcard ? new HostPort("*." + parsed.host(), parsed.port()) : parsed);
            }
        }
        return new AllowList(List.copyOf(entries));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean allows(HostPort target) {
        String host = target.host().toLowerCase(Locale.ROOT);
        for (HostPort entry : entries) {
            if (entry.port() != target.port()) {
                continue;
            }
            String allowed = entry.host().toLowerCase(Locale.ROOT);
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
                    : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }
}
