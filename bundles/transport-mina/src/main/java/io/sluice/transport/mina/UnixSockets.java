package io.sluice.transport.mina;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.mina.core.service.IoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stunnel's {@code accept = /PATH} and {@code connect = /PATH}. MINA 2.2's socket acceptor and
 * connector take only TCP channels, so a Unix socket's connection is a {@link ProcessSession} over
 * the JDK's (16+) Unix-domain channel, read and written by two threads of its own, and goes through
 * the same stages, relay, TLS and half-close as any other.
 */
final class UnixSockets {

    private static final Logger LOG = LoggerFactory.getLogger(UnixSockets.class);

    private UnixSockets() {
    }

    /** A listening Unix socket, accepting on a thread of its own until {@link #close}. */
    static final class Acceptor {
        private final Path path;
        private final ServerSocketChannel server;

        /**
         * Binds {@code path}; a socket file left there by an earlier run is replaced (as stunnel
         * does), any other file is not.
         *
         * @param accepted called with each accepted session, on the accepting thread
         */
        Acceptor(String tunnel, Path path, IoService service, java.util.function.Consumer<ProcessSession> accepted)
                throws IOException {
            this.path = path;
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                    throw new IOException(path + " exists and is no socket");
                }
                Files.delete(path);
            }
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 1024);
            Thread thread = new Thread(() -> acceptLoop(tunnel, service, accepted), "sluice-unix-accept-" + tunnel);
            thread.setDaemon(true);
            thread.start();
        }

        private void acceptLoop(String tunnel, IoService service, java.util.function.Consumer<ProcessSession> accepted) {
            while (server.isOpen()) {
                SocketChannel channel;
                try {
                    channel = server.accept();
                } catch (ClosedChannelException e) {
                    return; // closed by close(): the tunnel stopped
                } catch (IOException e) {
                    LOG.warn("Service [{}] accept on {}: {}", tunnel, path, e.toString());
                    continue;
                }
                try {
                    accepted.accept(ProcessSession.socket(service, channel));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Service [{}] a connection on {} failed at once: {}", tunnel, path, e.toString());
                    closeQuietly(channel);
                }
            }
        }

        /** Stops accepting and removes the socket file; connections already accepted go on. */
        void close() {
            closeQuietly(server);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", path, e.toString());
            }
        }
    }

    /** Connects to the Unix socket at {@code path} (blocking: call on a worker). */
    static ProcessSession connect(IoService service, Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
            return ProcessSession.socket(service, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
