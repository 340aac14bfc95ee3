package io.sluice.interop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plaintext backend: echoes every byte on 127.0.0.1, a thread per connection. When its peer
 * half-closes, it sends what is left and half-closes too, then closes.
 */
final class EchoServer implements Closeable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    EchoServer() throws IOException {
        this(Interop.LOOPBACK);
    }

    /** On another address: peers that refuse loopback targets (stunnel's SOCKS server) reach it there. */
    EchoServer(java.net.InetAddress address) throws IOException {
        server = new ServerSocket(0, 50, address);
        Thread acceptor = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            sockets.add(socket);
            Thread worker = new Thread(() -> echo(socket), "echo-" + socket.getPort());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // The tunnel reset or closed the connection: nothing to echo to.
        } finally {
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
