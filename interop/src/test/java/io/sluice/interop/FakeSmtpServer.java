package io.sluice.interop;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plaintext SMTP backend on 127.0.0.1, as a real MTA behind a TLS tunnel: it greets first,
 * offers no STARTTLS (the tunnel does TLS), accepts one message and records every line it
 * receives, so that tests see exactly what came through the tunnel.
 */
final class FakeSmtpServer implements Closeable {

    static final String DOMAIN = "backend.example";

    /** AUTH PLAIN of the one account it knows, alice with password s3cret. */
    static final String AUTH_PLAIN = "AGFsaWNlAHMzY3JldA==";

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    FakeSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, Interop.LOOPBACK);
        Thread acceptor = new Thread(this::acceptLoop, "smtp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Every line received, in order, over all connections. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Thread session = new Thread(() -> serve(socket), "smtp-" + socket.getPort());
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 " + DOMAIN + " ESMTP fake");
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-" + DOMAIN + " hello\r\n250-8BITMIME\r\n250 SIZE 1000000");
                    case "HELO" -> reply(out, "250 " + DOMAIN);
                    // The one account: alice / s3cret, as AUTH PLAIN's base64("\0alice\0s3cret").
                    case "AUTH" -> reply(out, line.equals("AUTH PLAIN " + AUTH_PLAIN) ? "235 2.7.0 Authentication successful"
                            : "535 5.7.8 Authentication credentials invalid");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            received.add(line);
                        }
                        received.add(".");
                        reply(out, "250 2.0.0 Ok: queued as FAKE1");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException e) {
            // the tunnel closed the connection
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
