package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This process's own standard input and output as one connection (stunnel's inetd mode). inetd,
 * xinetd, systemd ({@code Accept=yes}) and socat hand over a socket as fds 0 and 1: then the JVM's
 * inherited channel is used both ways, which gives the peer's address and a real half-close
 * (shutdown(2), which closing fd 1 would not do while fd 0 holds the same socket). Pipes (socat's
 * {@code pipes}) are read from fd 0 and written to the file named by {@value #OUTPUT_PROPERTY}
 * ({@code bin/sluice} keeps the caller's stdout there and points fd 1 at a log file, so that nothing
 * else the JVM or Karaf prints can get into the stream), or to fd 1.
 */
final class Stdio {

    /** Where the pipe case writes the connection's bytes, e.g. /proc/self/fd/7. */
    static final String OUTPUT_PROPERTY = "sluice.inetd.output";
    /**
     * Neither end of a pipe or of an unnamed Unix socket has an address: the connection list shows
     * the loopback, the log stunnel's words (these two instances tell them apart).
     */
    private static final InetSocketAddress NOT_A_SOCKET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final InetSocketAddress UNNAMED = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** There is one standard input: a second connection on it would read the first one's bytes. */
    private static final AtomicBoolean TAKEN = new AtomicBoolean();

    /** The two directions, their addresses as the log lines show them. */
    record Ends(InputStream in, OutputStream out, InetSocketAddress remote, InetSocketAddress local) {
    }

    private Stdio() {
    }

    static Ends open() throws IOException {
        if (!TAKEN.compareAndSet(false, true)) {
            throw new IOException("standard input and output already carried this process's one connection"
                    + " (inetd mode serves one connection per process)");
        }
        Channel inherited = System.inheritedChannel();
        if (inherited instanceof SocketChannel socket) {
            return socket(socket, false);
        }
        String output = System.getProperty(OUTPUT_PROPERTY, "");
        OutputStream out = output.isEmpty() ? new FileOutputStream(FileDescriptor.out) : new FileOutputStream(output);
        return new Ends(new FileInputStream(FileDescriptor.in), out, NOT_A_SOCKET, NOT_A_SOCKET);
    }

    /** Whether the peer has an address of its own: not a pipe, not an unnamed Unix socket. */
    static boolean named(InetSocketAddress peer) {
        return peer != NOT_A_SOCKET && peer != UNNAMED;
    }

    static boolean unixSocket(InetSocketAddress peer) {
        return peer == UNNAMED;
    }

    /** stunnel's end of its "accepted connection" line: nothing for a pipe, "from unnamed socket", "from ADDR". */
    static String from(InetSocketAddress peer) {
        return peer == NOT_A_SOCKET ? "" : " from " + (peer == UNNAMED ? "unnamed socket" : ConnectionInfo.address(peer));
    }

    /**
     * A connected socket's two directions (fd 0's, or a Unix socket's of {@link UnixSockets});
     * {@code own}: closing the input closes the socket, which the JVM's inherited channel must not.
     */
    static Ends socket(SocketChannel socket, boolean own) throws IOException {
        InetSocketAddress remote = UNNAMED;
        InetSocketAddress local = UNNAMED;
        if (socket.getRemoteAddress() instanceof InetSocketAddress peer) {
            remote = peer;
            local = (InetSocketAddress) socket.getLocalAddress();
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true); // as on accepted sockets
        }
        return new Ends(new SocketInput(socket, own), new SocketOutput(socket), remote, local);
    }

    /**
     * Reads the blocking channel directly: Channels.newInputStream would hold the channel's
     * blocking lock during a read, and the writer would wait for it.
     */
    private static final class SocketInput extends InputStream {
        private final SocketChannel socket;
        private final boolean own;

        SocketInput(SocketChannel socket, boolean own) {
            this.socket = socket;
            this.own = own;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return socket.read(ByteBuffer.wrap(buffer, offset, length));
        }

        /**
         * The connection is over: both directions are shut, the socket stays open. Closing the JVM's
         * inherited channel would point fds 0, 1 and 2 at /dev/null (the JDK detaches them), and the
         * log on stderr (foreground = yes) would lose its last lines; the process ends right after.
         */
        @Override
        public void close() throws IOException {
            if (own) {
                socket.close();
                return;
            }
            try {
                socket.shutdownInput();
                socket.shutdownOutput();
            } catch (IOException e) {
                // already reset by the peer: nothing left to shut
            }
        }
    }

    private static final class SocketOutput extends OutputStream {
        private final SocketChannel socket;

        SocketOutput(SocketChannel socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            while (bytes.hasRemaining()) {
                socket.write(bytes);
            }
        }

        /** No more output: a FIN (the relay's half-close), while reading goes on. */
        @Override
        public void close() throws IOException {
            socket.shutdownOutput();
        }
    }
}
