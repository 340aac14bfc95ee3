package io.sluice.interop;

import io.sluice.interop.Interop.Identity;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An NNTP server on 127.0.0.1 that upgrades with STARTTLS (RFC 4642) on the JDK's TLS: greeting,
 * STARTTLS answered 382, TLS as the server, then one command read and answered inside TLS. No
 * NNTP server package runs from a temporary directory (inn2's installation fails without a fully
 * qualified host name and starts innd on port 119). With {@code inject} it sends a plaintext line
 * in the same packet as the 382, as a man in the middle would, and holds the connection.
 */
final class FakeNntpServer implements Closeable {

    static final String GREETING = "200 news.example ready";
    static final String DATE = "111 20261207000000";

    private final ServerSocket server;
    private final Identity identity;
    private final boolean inject;
    private final List<String> insideTls = new CopyOnWriteArrayList<>();

    FakeNntpServer(Identity identity, boolean inject) throws IOException {
        this.identity = identity;
        this.inject = inject;
        server = new ServerSocket(0, 50, Interop.LOOPBACK);
        Thread acceptor = new Thread(this::acceptLoop, "nntp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The commands read inside TLS, one per session, over all sessions. */
    List<String> insideTls() {
        return List.copyOf(insideTls);
    }

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

    private void serve(Socket plain) {
        try (plain) {
            plain.setSoTimeout(15_000);
            OutputStream out = plain.getOutputStream();
            write(out, GREETING);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            if (!"STARTTLS".equals(in.readLine())) {
                return;
            }
            write(out, "382 Continue with TLS negotiation" + (inject ? "\r\n111 injected" : ""));
            if (inject) {
                while (in.read() >= 0) {
                    // hold the connection until the client closes it
                }
                return;
            }
            SSLSocket tls = (SSLSocket) context().getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            tls.setUseClientMode(false);
            String command = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (command == null) {
                return; // a port probe's session: the client left inside TLS
            }
            insideTls.add(command);
            write(tls.getOutputStream(), DATE);
        } catch (Exception e) {
            // the client went away
        }
    }

    private SSLContext context() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("news", identity.material().key(), new char[0],
                identity.material().chain().toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
