package io.sluice.transport.mina;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.Map;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stunnel's {@code socket = l|r:OPTION=VALUE} on a connection's sockets, by stunnel's option
 * names; the configuration has checked names and values (flags written yes or no). A program's
 * session has no socket.
 */
final class SocketTuning {

    private static final Logger LOG = LoggerFactory.getLogger(SocketTuning.class);

    /** stunnel's names of the JDK's extended options (jdk.net), found by the JDK's own names. */
    private static final Map<String, String> EXTENDED = Map.of("TCP_KEEPIDLE", "TCP_KEEPIDLE",
            "TCP_KEEPINTVL", "TCP_KEEPINTERVAL", "TCP_KEEPCNT", "TCP_KEEPCOUNT");

    private SocketTuning() {
    }

    static void apply(IoSession session, Map<String, String> options, String tag) {
        if (options.isEmpty() || !(session instanceof NioSession nio)
                || !(nio.getChannel() instanceof NetworkChannel channel)) {
            return;
        }
        options.forEach((name, value) -> {
            try {
                set(channel, name, value);
            } catch (IOException | RuntimeException e) {
                // The kernel may lack one (TCP_KEEPIDLE off Linux): the connection goes on without it.
                LOG.debug("{} socket option {}={} not set: {}", tag, name, value, e.toString());
            }
        });
    }

    private static void set(NetworkChannel channel, String name, String value) throws IOException {
        switch (name) {
            case "SO_KEEPALIVE" -> channel.setOption(StandardSocketOptions.SO_KEEPALIVE, flag(value));
            case "TCP_NODELAY" -> channel.setOption(StandardSocketOptions.TCP_NODELAY, flag(value));
            case "SO_REUSEADDR" -> channel.setOption(StandardSocketOptions.SO_REUSEADDR, flag(value));
            case "SO_RCVBUF" -> channel.setOption(StandardSocketOptions.SO_RCVBUF, Integer.parseInt(value));
            case "SO_SNDBUF" -> channel.setOption(StandardSocketOptions.SO_SNDBUF, Integer.parseInt(value));
            case "IP_TOS" -> channel.setOption(StandardSocketOptions.IP_TOS, Integer.parseInt(value));
            case "SO_LINGER" -> channel.setOption(StandardSocketOptions.SO_LINGER, linger(value));
            default -> channel.setOption(extended(channel, name), Integer.parseInt(value));
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> extended(NetworkChannel channel, String name) {
        String jdkName = EXTENDED.get(name);
        return (SocketOption<Integer>) channel.supportedOptions().stream().filter(o -> o.name().equals(jdkName))
                .findFirst().orElseThrow(() -> new UnsupportedOperationException(name + " is not supported here"));
    }

    /** stunnel's SO_LINGER value is {@code onoff:seconds} (checked: 0 or 1, then digits); the JDK's "off" is -1. */
    private static int linger(String value) {
        String[] parts = value.split(":");
        return "1".equals(parts[0]) ? Integer.parseInt(parts[1]) : -1;
    }

    /** The configuration writes flags as yes or no. */
    private static boolean flag(String value) {
        return "yes".equals(value);
    }
}
