package io.sluice.transport.mina;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket this process inherited (systemd socket activation, {@code LISTEN_FDS}), used by
 * the tunnel whose {@code accept} names its address instead of binding a new socket, as stunnel
 * does. JDK 17 can adopt only standard input as a channel ({@link System#inheritedChannel()}), and
 * has no public way to make a channel of fd 3: {@code bin/sluice} moves fd 3 to fd 0 and sets
 * {@value #PROPERTY}. The socket is never closed by Sluice (systemd holds it too; a reload binds
 * the same one again).
 */
final class Inherited {

    /** Set by bin/sluice when fd 0 is the socket systemd passed as fd 3. */
    static final String PROPERTY = "sluice.listen.stdin";

    private static final Logger LOG = LoggerFactory.getLogger(Inherited.class);
    private static ServerSocketChannel channel;
    private static boolean looked;

    private Inherited() {
    }

    /** The inherited socket if it listens on {@code wanted} (a wildcard host matches any), else null. */
    static synchronized ServerSocketChannel forAddress(SocketAddress wanted) {
        ServerSocketChannel socket = socket();
        if (socket == null || !(wanted instanceof InetSocketAddress address)) {
            return null;
        }
        try {
            if (socket.getLocalAddress() instanceof InetSocketAddress local && local.getPort() == address.getPort()
                    && (address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                    || address.getAddress().equals(local.getAddress()))) {
                return socket;
            }
        } catch (IOException e) {
            LOG.warn("The inherited listening socket cannot be used: {}", e.toString());
        }
        return null;
    }

    static synchronized boolean is(ServerSocketChannel socket) {
        return socket != null && socket == channel;
    }

    private static ServerSocketChannel socket() {
        if (!looked) {
            looked = true;
            if (Boolean.getBoolean(PROPERTY)) {
                try {
                    Channel inherited = System.inheritedChannel();
                    if (inherited instanceof ServerSocketChannel server) {
                        channel = server;
                        LOG.info("Inherited listening socket {} (systemd socket activation)", server.getLocalAddress());
                    } else {
                        LOG.warn("LISTEN_FDS was set, but the inherited descriptor is no listening stream socket ({})",
                                inherited);
                    }
                } catch (IOException e) {
                    LOG.warn("The inherited listening socket cannot be used: {}", e.toString());
                }
            }
        }
        return channel;
    }
}
