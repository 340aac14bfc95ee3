package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.connect.ConnectNegotiator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * A plaintext client through a Sluice client-mode connect tunnel, via tinyproxy (HTTP CONNECT),
 * to a Sluice server-mode tunnel in front of an echo backend. Sluice connects to the proxy at
 * 127.0.0.1 and asks it for {@code localhost:PORT}; the TLS server's certificate names only
 * {@code localhost}, so the handshake succeeds only if Sluice verifies protocolHost's host and not
 * the address it connected to.
 */
public class SluiceConnectClientThroughTinyproxyTest {

    @Rule
    public final Interop interop = new Interop();

    private final CountingObserver observer = new CountingObserver();

    /** The TLS server behind the proxy: a Sluice server tunnel to an echo backend, certificate for these names. */
    private Identity tlsServer(List<String> names, int[] port) throws Exception {
        Identity identity = interop.identity("server", names.get(0), names);
        Listener server = interop.sluiceServer(identity, interop.echoServer().port(), new CountingObserver());
        port[0] = server.boundAddress().getPort();
        return identity;
    }

    private int sluiceClient(Identity trusted, int proxyPort, Map<String, String> options) throws Exception {
        Listener client = interop.sluiceClient(List.of(trusted.certificate()), "127.0.0.1", proxyPort, observer,
                new ConnectNegotiator(), options);
        return client.boundAddress().getPort();
    }

    private String proxyLog() {
        return Interop.read(interop.dir().resolve("proxy.tinyproxy.log"));
    }

    @Test(timeout = 60_000)
    public void bytesThroughTinyproxyToTheTlsServer() throws Exception {
        int[] serverPort = new int[1];
        Identity identity = tlsServer(List.of("localhost"), serverPort);
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort[0], "");
        int port = sluiceClient(identity, proxyPort, Map.of("protocolHost", "localhost:" + serverPort[0]));

        // No half-close: tinyproxy ends the whole tunnel at the first end of stream.
        Interop.assertEchoes(port, 1024 * 1024, false);

        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
        assertEquals("refusals: " + observer, 0, observer.refused.get());
        Interop.await("tinyproxy logs the CONNECT", () -> proxyLog().contains("CONNECT localhost:" + serverPort[0]),
                Duration.ofSeconds(5));
    }

    /** openssl s_server as the TLS server: it logs the SNI it received, which must be protocolHost's host. */
    @Test(timeout = 60_000)
    public void sniIsProtocolHostsHost() throws Exception {
        String openssl = Interop.binary("openssl");
        Identity identity = interop.identity("s_server", "localhost", List.of("localhost"));
        int serverPort = Interop.freePort();
        // -tlsextdebug dumps the client's extensions; -rev echoes each line reversed.
        Peer server = interop.start("s_server", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-cert", identity.cert().toString(), "-key", identity.key().toString(), "-tlsextdebug", "-rev"), false);
        Interop.awaitPort(server, serverPort, Duration.ofSeconds(15));
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort, "");
        int port = sluiceClient(identity, proxyPort, Map.of("protocolHost", "localhost:" + serverPort));

        assertEquals("yxorp hguorht olleh", Interop.exchangeLine(port, "hello through proxy"));

        // The hex dump of the server_name extension: list length 12, type host_name, length 9, "localhost".
        Interop.await("s_server received SNI localhost", () -> server.logText().contains(
                "0000 - 00 0c 00 00 09 6c 6f 63-61 6c 68 6f 73 74         .....localhost"), Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void certificateNotMatchingProtocolHostIsRefused() throws Exception {
        // The certificate matches the proxy's address (what a naive client would check) but not protocolHost.
        int[] serverPort = new int[1];
        Identity identity = tlsServer(List.of("other.example", "127.0.0.1"), serverPort);
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort[0], "");
        int port = sluiceClient(identity, proxyPort, Map.of("protocolHost", "localhost:" + serverPort[0]));

        Interop.assertClosedWithoutData(port);

        Interop.await("the TLS handshake fails", () -> observer.handshakeFailed.get() == 1, Duration.ofSeconds(5));
        assertTrue("the CONNECT itself went through: " + proxyLog(),
                proxyLog().contains("CONNECT localhost:" + serverPort[0]));
    }

    @Test(timeout = 60_000)
    public void basicAuthenticationWithTinyproxy() throws Exception {
        int[] serverPort = new int[1];
        Identity identity = tlsServer(List.of("localhost"), serverPort);
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort[0], "BasicAuth sluice s3cret-pw\n");
        String target = "localhost:" + serverPort[0];

        int withoutCredentials = sluiceClient(identity, proxyPort, Map.of("protocolHost", target));
        Interop.assertClosedWithoutData(withoutCredentials);
        Interop.await("refused on the 407", () -> observer.refused.get() == 1, Duration.ofSeconds(5));

        int withCredentials = sluiceClient(identity, proxyPort, Map.of("protocolHost", target,
                "protocolUsername", "sluice", "protocolPassword", "s3cret-pw"));
        Interop.assertEchoes(withCredentials, 64 * 1024, false);
        assertEquals("refusals: " + observer, 1, observer.refused.get());
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
    }

    @Test(timeout = 60_000)
    public void portNotAllowedByTheProxy() throws Exception {
        int[] serverPort = new int[1];
        Identity identity = tlsServer(List.of("localhost"), serverPort);
        int proxyPort = Interop.freePort();
        interop.tinyproxy("proxy", proxyPort, serverPort[0] == 443 ? 444 : 443, "");
        int port = sluiceClient(identity, proxyPort, Map.of("protocolHost", "localhost:" + serverPort[0]));

        Interop.assertClosedWithoutData(port);

        Interop.await("refused on tinyproxy's 403", () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        assertEquals(0, observer.handshakeFailed.get());
    }
}
