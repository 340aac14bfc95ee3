package io.sluice.core;

import io.sluice.api.transport.Limits;
import io.sluice.api.transport.ProxyInput;
import io.sluice.api.transport.SocketOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a tunnel treats its connections beyond where they go: the limits at accept, TLS
 * renegotiation, stunnel's socket options ({@code socket = a|l|r:OPTION=VALUE}, {@code local},
 * {@code reset}) and the PROXY header expected from a load balancer ({@code proxyProtocol},
 * {@code proxyFrom}; null: none).
 */
record ConnectionPolicy(Limits limits, boolean renegotiation, SocketOptions socket, ProxyInput proxyInput) {

    static final ConnectionPolicy DEFAULT = new ConnectionPolicy(Limits.NONE, false, SocketOptions.DEFAULT, null);

    /** Options with a yes/no value, written back as yes or no. */
    private static final Set<String> FLAGS = Set.of("SO_KEEPALIVE", "TCP_NODELAY", "SO_REUSEADDR");
    /** Options with a whole number. */
    private static final Set<String> NUMBERS = Set.of("SO_RCVBUF", "SO_SNDBUF", "IP_TOS", "TCP_KEEPIDLE",
            "TCP_KEEPINTVL", "TCP_KEEPCNT");
    private static final Set<String> CONNECTION_OPTIONS = Set.of("SO_KEEPALIVE", "TCP_NODELAY", "SO_RCVBUF",
            "SO_SNDBUF", "SO_LINGER", "IP_TOS", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT");

    static ConnectionPolicy parse(ConfigValues values) throws ConfigException {
        Limits limits = new Limits(values.count("maxConnections", 0), values.count("maxSetups", 0),
                values.count("maxConnectionsPerSource", 0));
        return new ConnectionPolicy(limits, values.bool("renegotiation", false), socket(values),
                ProxySources.parse(values));
    }

    /** The defaults, with what the configuration adds or changes for each kind of socket. */
    private static SocketOptions socket(ConfigValues values) throws ConfigException {
        Map<String, String> listening = new LinkedHashMap<>(SocketOptions.DEFAULT.listening());
        Map<String, String> accepted = new LinkedHashMap<>(SocketOptions.DEFAULT.accepted());
        Map<String, String> connected = new LinkedHashMap<>(SocketOptions.DEFAULT.connected());
        for (String item : values.list("socket")) {
            int colon = item.indexOf(':');
            int equals = item.indexOf('=');
            if (colon != 1 || equals < colon + 2) {
                throw values.error("socket", "'" + item + "': expected a|l|r:OPTION=VALUE, e.g. l:TCP_KEEPIDLE=60");
            }
            char side = item.charAt(0);
            String name = item.substring(2, equals);
            String value = item.substring(equals + 1);
            switch (side) {
                case 'a' -> listening.put(name, checked(values, item, name, value, Set.of("SO_REUSEADDR")));
                case 'l' -> accepted.put(name, checked(values, item, name, value, CONNECTION_OPTIONS));
                case 'r' -> connected.put(name, checked(values, item, name, value, CONNECTION_OPTIONS));
                default -> throw values.error("socket", "'" + item + "': the socket is a (listening), l (accepted)"
                        + " or r (connected to a target)");
            }
        }
        return new SocketOptions(listening, accepted, connected, local(values), values.bool("reset", false));
    }

    /**
     * stunnel's {@code local}: an address literal, or a name resolved now (stunnel resolves it when it
     * reads the file); port 0, as stunnel binds it.
     */
    private static InetAddress local(ConfigValues values) throws ConfigException {
        String value = values.optional("local");
        if (value == null || value.isBlank()) {
            return null;
        }
        String host = value.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw values.error("local", value, "cannot resolve " + host);
        }
    }

    private static String checked(ConfigValues values, String item, String name, String value, Set<String> supported)
            throws ConfigException {
        if (!supported.contains(name)) {
            throw values.error("socket", "'" + item + "': " + name + " is not supported on this socket (supported: "
                    + String.join(", ", new java.util.TreeSet<>(supported)) + ")");
        }
        if (FLAGS.contains(name)) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "yes", "1" -> "yes";
                case "no", "0" -> "no";
                default -> throw values.error("socket", "'" + item + "': expected yes or no");
            };
        }
        boolean valid = NUMBERS.contains(name) ? value.matches("\\d{1,9}") : value.matches("[01]:\\d{1,9}");
        if (!valid) {
            throw values.error("socket", "'" + item + "': expected " + (NUMBERS.contains(name) ? "a whole number"
                    : "ONOFF:SECONDS, e.g. 1:0 (stunnel's SO_LINGER)"));
        }
        return value;
    }
}
