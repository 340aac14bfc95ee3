package io.sluice.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The endpoint's {@code address = HOST:PORT} ({@code [v6]:PORT} for IPv6), refused unless loopback or allowed. */
final class ListenAddress {

    private ListenAddress() {
    }

    /** @throws IllegalArgumentException with the message for the log, naming the key and value */
    static InetSocketAddress parse(String value, boolean allowRemote) {
        String text = value == null ? "" : value.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address = " + text + ": expected HOST:PORT, e.g. 127.0.0.1:9100");
        }
        String host = text.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address = " + text + ": the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address = " + text + ": the port is not between 0 and 65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address = " + text + ": cannot resolve " + host);
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            // The counters name tunnels, ports and failure reasons: nothing for other hosts by default.
            throw new IllegalArgumentException("address = " + text + ": not a loopback address; set allowRemote = true"
                    + " to serve the metrics to other hosts");
        }
        return new InetSocketAddress(address, port);
    }
}
