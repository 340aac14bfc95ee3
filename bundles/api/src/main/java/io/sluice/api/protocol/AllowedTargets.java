package io.sluice.api.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The targets a server-mode proxy negotiator (connect, socks) lets a client ask for, from
 * {@code protocolAllow = host:port, *.domain:port, [2001:db8::1]:port}. An entry is an exact host
 * (a name or an address literal, compared as written, ignoring case) or {@code *.domain} (any name
 * below the domain, not the domain itself), always with an exact port. Nothing else matches, so an
 * empty list allows nothing: never an open proxy.
 *
 * @param entries hosts without brackets ({@code *.domain} for a wildcard) and their ports
 */
public record AllowedTargets(List<Entry> entries) {

    /** One allowed host (or {@code *.domain}) and port. */
    public record Entry(String host, int port) {
    }

    /** A DNS name or a bracketed IPv6 literal, a colon, a port: nothing that could inject text. */
    private static final Pattern ENTRY = Pattern.compile(
            "(?:\\[([0-9A-Fa-f:.]{2,45})\\]|([A-Za-z0-9._-]{1,253})):([0-9]{1,5})");

    public AllowedTargets {
        entries = List.copyOf(entries);
    }

    /**
     * @param text the option's value, null when it is not set
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    public static AllowedTargets parse(String text) {
        List<Entry> entries = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(",")) {
                String entry = item.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                boolean wildcard = entry.startsWith("*.");
                Matcher m = ENTRY.matcher(wildcard ? entry.substring(2) : entry);
                int port = m.matches() ? Integer.parseInt(m.group(3)) : 0;
                if (port < 1 || port > 65535 || (wildcard && m.group(1) != null)) {
                    throw new IllegalArgumentException("entry " + entry + " is not host:port (IPv6 as [address]:port)");
                }
                String host = m.group(1) != null ? m.group(1) : m.group(2);
                entries.add(new Entry(wildcard ? "*." + host : host, port));
            }
        }
        return new AllowedTargets(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @param host a name or an address literal (IPv6 without brackets) */
    public boolean allows(String host, int port) {
        String asked = host.toLowerCase(Locale.ROOT);
        for (Entry entry : entries) {
            if (entry.port() != port) {
                continue;
            }
            String allowed = entry.host().toLowerCase(Locale.ROOT);
            if (allowed.startsWith("*.") ? asked.endsWith(allowed.substring(1)) && asked.length() > allowed.length() - 1
                    : asked.equals(allowed) || sameIpv6(asked, allowed)) {
                return true;
            }
        }
        return false;
    }

    /** IPv6 literals have many spellings (2001:db8::1, 2001:db8:0:0:0:0:0:1): compared as addresses. */
    private static boolean sameIpv6(String a, String b) {
        if (a.indexOf(':') < 0 || b.indexOf(':') < 0 || !a.matches("[0-9a-f:.]+") || !b.matches("[0-9a-f:.]+")) {
            return false;
        }
        try {
            // Literals with a colon are parsed, never looked up.
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
