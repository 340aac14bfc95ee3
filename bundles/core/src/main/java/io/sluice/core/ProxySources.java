package io.sluice.core;

import io.sluice.api.transport.ProxyInput;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code proxyProtocol = accept} and {@code proxyFrom}: which load balancers may name a
 * connection's client in a PROXY header. Only address literals and networks are taken: a host
 * name would make trust depend on DNS at start, which an attacker may influence.
 */
final class ProxySources {

    private ProxySources() {
    }

    /** The tunnel's PROXY input, or null when it takes none. */
    static ProxyInput parse(ConfigValues values) throws ConfigException {
        String mode = values.optional("proxyProtocol");
        boolean accept = mode != null && mode.equalsIgnoreCase("accept");
        if (mode != null && !accept && !mode.equalsIgnoreCase("no")) {
            throw values.error("proxyProtocol", mode, "expected accept or no");
        }
        List<String> from = values.list("proxyFrom");
        if (!accept) {
            if (!from.isEmpty()) {
                throw values.error("proxyFrom", values.optional("proxyFrom"), "has no effect without proxyProtocol = accept");
            }
            return null;
        }
        if (from.isEmpty()) {
            throw values.error("proxyFrom", "", "required with proxyProtocol = accept: the load balancers' addresses"
                    + " or networks (10.0.0.0/8, 127.0.0.1); a PROXY header from anyone else is refused");
        }
        List<ProxyInput.Network> networks = new ArrayList<>();
        for (String item : from) {
            try {
                networks.add(network(item));
            } catch (IllegalArgumentException e) {
                throw values.error("proxyFrom", values.optional("proxyFrom"), "'" + item + "': " + e.getMessage());
            }
        }
        return new ProxyInput(networks);
    }

    /** ADDRESS or ADDRESS/BITS, the address a literal (IPv6 bare or in brackets). */
    static ProxyInput.Network network(String text) {
        int slash = text.indexOf('/');
        String address = (slash < 0 ? text : text.substring(0, slash)).trim();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        // Checked before InetAddress sees it: a text that is no literal would be looked up in DNS.
        boolean literal = address.matches("[0-9.]+") ? address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(address.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255)
                : address.matches("[0-9A-Fa-f:.]+") && address.contains(":");
        if (!literal) {
            throw new IllegalArgumentException("not an IP address or network (no host names)");
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address");
        }
        int bits = parsed.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String suffix = text.substring(slash + 1).trim();
            if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > bits) {
                throw new IllegalArgumentException("prefix length '" + suffix + "' is not 0-" + bits);
            }
            prefix = Integer.parseInt(suffix);
        }
        return new ProxyInput.Network(parsed, prefix);
    }
}
