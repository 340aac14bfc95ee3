package io.sluice.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** The clients a user would point at a tunnel: a JDK TLS client, openssl s_client, a plain socket. */
final class Clients {

    private Clients() {
    }

    /** A line-oriented connection; every read gives up after 10 s. */
    static final class Line implements AutoCloseable {
        final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Line(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        /** Sends a line and returns the answer, or null when the connection was closed. */
        String ask(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        String readLine() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** One CR LF line read byte by byte, so that nothing of a TLS stream behind it is consumed. */
    static String readPlainLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static Line plain(int port) throws IOException {
        return new Line(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A TLS client that trusts the given PEM certificate and checks the host name "localhost". */
    static Line tls(int port, Path trusted) throws Exception {
        return tlsFrom(null, port, trusted);
    }

    /** A TLS client to the given address (e.g. ::1) that trusts the PEM certificate and checks "localhost". */
    static Line tlsTo(InetAddress address, int port, Path trusted) throws Exception {
        return new Line(verifyLocalhost((SSLSocket) context(trusted).getSocketFactory().createSocket(address, port)));
    }

    /** A TLS client connecting from the given local address (any 127.x.y.z works on Linux). */
    static Line tlsFrom(InetAddress local, int port, Path trusted) throws Exception {
        SSLSocket socket = (SSLSocket) context(trusted).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port, local, 0);
        return new Line(verifyLocalhost(socket));
    }

    /** Runs {@code openssl s_client} with nothing to send and returns all it printed. */
    static String opensslHandshake(int port, Path caFile) throws Exception {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caFile.toString(), "-servername", "localhost")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(15, TimeUnit.SECONDS);
        return output;
    }

    /** Starts TLS on a connection that already carried plaintext (after a protocol negotiation). */
    static Line tls(Socket plain, Path trusted) throws Exception {
        SSLSocket socket = (SSLSocket) context(trusted).getSocketFactory()
                .createSocket(plain, "localhost", plain.getPort(), true);
        return new Line(verifyLocalhost(socket));
    }

    /** As {@link #tls(int, Path)}, with a server that may take longer to answer the handshake (inetd mode starts a JVM). */
    static Line tls(int port, Path trusted, int handshakeSeconds) throws Exception {
        SSLSocket socket = (SSLSocket) context(trusted).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        return new Line(verifyLocalhost(socket, handshakeSeconds));
    }

    private static SSLSocket verifyLocalhost(SSLSocket socket) throws IOException {
        return verifyLocalhost(socket, 10);
    }

    private static SSLSocket verifyLocalhost(SSLSocket socket, int handshakeSeconds) throws IOException {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(handshakeSeconds * 1000);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext context(Path trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(trusted)) {
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, (X509Certificate) certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Runs {@code openssl s_client} against the port, verifying the server against the CA file,
     * sends one line and returns everything it printed on standard output; {@code extra} are more
     * s_client options (-alpn, -sess_out, ...).
     */
    static String opensslLine(int port, Path caFile, String line, String... extra) throws Exception {
        return opensslLineAs(port, "localhost", caFile, line, extra);
    }

    /** As {@link #opensslLine}, asking for (SNI) and verifying {@code serverName} instead of localhost. */
    static String opensslLineAs(int port, String serverName, Path caFile, String line, String... extra) throws Exception {
        return sClientLine(line, extra, "-connect", "127.0.0.1:" + port, "-CAfile", caFile.toString(),
                "-verify_return_error", "-servername", serverName, "-verify_hostname", serverName);
    }

    /** As {@link #opensslLine}, over a Unix socket ({@code s_client -unix}). */
    static String opensslUnixLine(Path socket, Path caFile, String line) throws Exception {
        return sClientLine(line, new String[0], "-unix", socket.toString(), "-CAfile", caFile.toString(),
                "-verify_return_error", "-servername", "localhost", "-verify_hostname", "localhost");
    }

    /** {@code openssl s_client} with a pre-shared key (TLS-PSK, no certificate): one line there, the answer back. */
    static String opensslPskLine(int port, String identity, String hexKey, String line, String... extra) throws Exception {
        return sClientLine(line, extra, "-connect", "127.0.0.1:" + port, "-psk_identity", identity, "-psk", hexKey);
    }

    /** {@code openssl s_client -quiet} with these options, then extra: sends line, returns the answer line. */
    private static String sClientLine(String line, String[] extra, String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client"));
        command.addAll(java.util.List.of(options));
        command.add("-quiet");
        command.addAll(java.util.List.of(extra));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // s_client -quiet prints only what the server sent; one answer line is expected.
            return readLineWithin(out, 15);
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads until the peer ends the connection: "EOF" for a FIN, "reset" for a RST (stunnel's
     * {@code reset = yes}); what comes before does not matter.
     */
    static String end(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // data before the end
            }
            return "EOF";
        } catch (java.net.SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("Connection reset")) {
                return "reset";
            }
            throw e;
        }
    }

    static String readLineWithin(BufferedReader reader, int seconds) throws Exception {
        var future = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        return future.get(seconds, TimeUnit.SECONDS);
    }
}
