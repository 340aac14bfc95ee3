package io.sluice.interop;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A man in the middle of NNTP's STARTTLS (RFC 4642), on 127.0.0.1: it greets, answers STARTTLS
 * with 382 and a plaintext line in the same packet, and holds the connection. A real server
 * (Cyrus) never does this, hence the fake; it needs no certificate, the handshake never gets
 * that far.
 */
final class FakeNntpServer implements Closeable {

    static final String GREETING = "200 news.example ready";

    private final ServerSocket server;

    FakeNntpServer() throws IOException {
        server = new ServerSocket(0, 50, Interop.LOOPBACK);
        Thread acceptor = new Thread(this::acceptLoop, "nntp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every session its own thread: stunnel's port probe opens one that never reads. */
    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "nntp-" + socket.getPort());
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((GREETING + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            if (!"STARTTLS".equals(in.readLine())) {
                return;
            }
            out.write("382 Continue with TLS negotiation\r\n111 injected\r\n".getBytes(StandardCharsets.US_ASCII));
            while (in.read() >= 0) {
                // hold the connection until the client closes it
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
