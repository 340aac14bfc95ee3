package io.sluice.api.transport;

import java.net.InetAddress;
import java.util.Map;

/**
 * stunnel's {@code socket = a|l|r:OPTION=VALUE}: options by stunnel's names (SO_KEEPALIVE,
 * TCP_NODELAY, SO_RCVBUF, TCP_KEEPIDLE, ...) with their values as written, already checked, for
 * each kind of socket; and stunnel's {@code local} and {@code reset}.
 *
 * @param listening {@code a}: the listening socket
 * @param accepted  {@code l}: each accepted (local) socket
 * @param connected {@code r}: each socket connected to a target (remote)
 * @param local     stunnel's {@code local}: the source address of connections to targets; null for the system's choice
 * @param reset     stunnel's {@code reset}: a connection ended by an error or a timeout is closed with a TCP RST
 *                  (SO_LINGER 0) instead of a FIN
 */
public record SocketOptions(Map<String, String> listening, Map<String, String> accepted,
        Map<String, String> connected, InetAddress local, boolean reset) {

    /** Keep-alive on both sides of every connection, so that a vanished peer is noticed (stunnel's defaults add none). */
    public static final SocketOptions DEFAULT = new SocketOptions(Map.of(), Map.of("SO_KEEPALIVE", "yes"),
            Map.of("SO_KEEPALIVE", "yes"));

    public SocketOptions {
        listening = Map.copyOf(listening);
        accepted = Map.copyOf(accepted);
        connected = Map.copyOf(connected);
    }

    /** No source address of its own; a FIN, not a reset, when a connection is aborted. */
    public SocketOptions(Map<String, String> listening, Map<String, String> accepted, Map<String, String> connected) {
        this(listening, accepted, connected, null, false);
    }
}
