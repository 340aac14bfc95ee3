package io.sluice.interop;

import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.connect.ConnectNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * protocolHeader: the extra lines of the CONNECT request. Through tinyproxy the data flows with
 * them added; to a listener that records the request head, Sluice sends the bytes stunnel4 sends
 * for the same protocolHeader lines (one stunnel line each; one value with a line feed between
 * them for Sluice, as the stunnel importer and a .cfg file's {@code \n} give it).
 */
public class ConnectProtocolHeaderInteropTest {

    /** A comma inside a value, a tab and a double space: carried as written, in this order. */
    private static final List<String> LINES = List.of("User-Agent: sluice-interop, like stunnel",
            "X-Team:  b\tc", "Proxy-Connection: keep-alive");

    @Rule
    public final Interop interop = new Interop();

    /** Accepts one connection, keeps what arrives up to the empty line that ends an HTTP head, then closes it. */
    private static final class RecordingProxy implements Closeable {
        private final ServerSocket server = new ServerSocket(0, 1, Interop.LOOPBACK);
        private final CompletableFuture<String> head = CompletableFuture.supplyAsync(this::record);

        RecordingProxy() throws IOException {
        }

        int port() {
            return server.getLocalPort();
        }

        private String record() {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(15_000);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                int b;
                while (!received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    received.write(b);
                }
                socket.getOutputStream().write("HTTP/1.1 403 Recorded\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return received.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new IllegalStateException("recording failed: " + e, e);
            }
        }

        /** The head received, once a client connected through the tunnel on {@code entry}. */
        String headVia(int entry) throws Exception {
            try (Socket client = new Socket(Interop.LOOPBACK, entry)) {
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                return head.get(20, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private int sluiceClient(List<java.security.cert.X509Certificate> anchors, int proxyPort, String target)
            throws Exception {
        Listener client = interop.sluiceClient(anchors, "127.0.0.1", proxyPort, new CountingObserver(),
                new ConnectNegotiator(), Map.of("protocolHost", target, "protocolHeader", String.join("\n", LINES)));
        return client.boundAddress().getPort();
    }

    @Test(timeout = 60_000)
    public void sluiceSendsTheHeaderLinesAsStunnelDoes() throws Exception {
        String target = "localhost:443";
        String stunnelHead;
        try (RecordingProxy proxy = new RecordingProxy()) {
            int entry = Interop.freePort();
            StringBuilder service = new StringBuilder("[headers]\nclient = yes\naccept = 127.0.0.1:" + entry
                    + "\nconnect = 127.0.0.1:" + proxy.port() + "\nprotocol = connect\nprotocolHost = " + target + "\n");
            LINES.forEach(line -> service.append("protocolHeader = ").append(line).append('\n'));
            interop.stunnel("stunnel", entry, service.toString());
            stunnelHead = proxy.headVia(entry);
        }
        String sluiceHead;
        try (RecordingProxy proxy = new RecordingProxy()) {
            sluiceHead = proxy.headVia(sluiceClient(List.of(interop.identity("unused").certificate()), proxy.port(),
                    target));
        }
        assertEquals("what stunnel4 sent", "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                + String.join("\r\n", LINES) + "\r\n\r\n", stunnelHead);
        assertEquals(stunnelHead, sluiceHead);
    }

    @Test(timeout = 60_000)
    public void bytesFlowThroughTinyproxyWithTheHeadersAdded() throws Exception {
        Identity identity = interop.identity("server", "localhost", List.of("localhost"));
        CountingObserver serverObserver = new CountingObserver();
        Listener server = interop.sluiceServer(identity, interop.echoServer().port(), serverObserver);
        int serverPort = server.boundAddress().getPort();
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort, "");

        int entry = sluiceClient(List.of(identity.certificate()), proxyPort, "localhost:" + serverPort);

        // No half-close: tinyproxy ends the whole tunnel at the first end of stream.
        Interop.assertEchoes(entry, 256 * 1024, false);
        Interop.await("tinyproxy logs the CONNECT", () -> Interop.read(interop.dir().resolve("proxy.tinyproxy.log"))
                .contains("CONNECT localhost:" + serverPort), Duration.ofSeconds(5));
    }
}
