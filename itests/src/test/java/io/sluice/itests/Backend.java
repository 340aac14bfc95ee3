package io.sluice.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plaintext line service on 127.0.0.1: answers each line with "TAG:line", so tests see which backend served them. */
final class Backend implements AutoCloseable {

    private final ServerSocket server;
    private final String tag;
    private final String greeting;

    Backend(String tag) throws IOException {
        this(tag, null);
    }

    /** @param greeting a line sent on connect, as servers that speak first (SMTP) do; null for none */
    Backend(String tag, String greeting) throws IOException {
        this.tag = tag;
        this.greeting = greeting;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "backend-" + tag);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread serve = new Thread(() -> serve(socket), "backend-" + tag + "-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            if (greeting != null) {
                out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            String line;
            while ((line = in.readLine()) != null) {
                out.write((tag + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
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
