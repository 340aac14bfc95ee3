package io.sluice.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** stunnel's address syntax: PORT, HOST:PORT, [IPv6]:PORT, IPv6:PORT (split at the last colon). */
final class Addresses {

    /** A host and a port as written, before resolution. */
    record HostPort(String host, int port) {
    }

    private Addresses() {
    }

    /** @param defaultHost the host when only a port is given (null: all interfaces) */
    static HostPort parse(String text, String defaultHost) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? defaultHost : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host != null && host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            // stunnel takes a service name of /etc/services too (accept = https).
            number = ServiceNames.port(port).orElseThrow(() -> new IllegalArgumentException("'" + port
                    + "' is neither a port number nor a TCP service of /etc/services"));
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("port " + number + " is out of range 0-65535");
        }
        return new HostPort(host, number);
    }

    /** Where to listen, not resolved yet: all interfaces without a host (no name to resolve there). */
    static InetSocketAddress unresolvedBindAddress(HostPort hp) {
        return hp.host() == null ? new InetSocketAddress(hp.port()) : InetSocketAddress.createUnresolved(hp.host(), hp.port());
    }

    /** Every address of the host, as stunnel puts all of them in the failover list. */
    static List<InetSocketAddress> resolveAll(InetSocketAddress unresolved) throws UnknownHostException {
        List<InetSocketAddress> result = new ArrayList<>();
        for (InetAddress address : InetAddress.getAllByName(unresolved.getHostString())) {
            result.add(new InetSocketAddress(address, unresolved.getPort()));
        }
        return result;
    }
}
