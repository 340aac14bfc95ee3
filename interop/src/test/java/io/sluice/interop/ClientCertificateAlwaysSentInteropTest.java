package io.sluice.interop;

import static io.sluice.tls.jsse.contract.TestCerts.CLIENT;
import static io.sluice.tls.jsse.contract.TestCerts.LOCALHOST;
import static io.sluice.tls.jsse.contract.TestCerts.ROOT;
import static org.junit.Assert.assertEquals;

import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.tls.jsse.contract.TestRevocation;
import io.sluice.transport.mina.CountingObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * A client tunnel with {@code cert} sends it to a server whose CAfile holds the peer certificate
 * alone (its CertificateRequest names CN=sluice-client, not the certificate's issuer), as stunnel
 * on OpenSSL does. SunJSSE's and BCJSSE's own key managers sent no certificate there.
 */
public class ClientCertificateAlwaysSentInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Rule
    public final Interop interop = new Interop(provider());

    private final CountingObserver observer = new CountingObserver();

    /** server.pem (chain), server.key and client.pem: the client certificate alone, the server's CAfile. */
    private Path writeFiles() throws Exception {
        Path dir = interop.dir();
        TestRevocation.writePem(LOCALHOST, dir.resolve("server.pem"), dir.resolve("server.key"));
        // s_server sends -cert's first certificate only; its issuers go in -cert_chain.
        TestRevocation.writePem(new TestCerts.Issued(LOCALHOST.keys(), List.of(LOCALHOST.cert())),
                dir.resolve("server-leaf.pem"), null);
        TestRevocation.writePem(new TestCerts.Issued(CLIENT.keys(), List.of(CLIENT.cert())), dir.resolve("client.pem"),
                null);
        return dir;
    }

    private Listener sluiceClient(int port) throws Exception {
        TlsSettings settings = TlsSettings.builder(true).keyMaterial(CLIENT.material()).trustAnchors(List.of(ROOT.cert()))
                .verifyChain(true).checkConnectHost(true).build();
        return interop.sluiceClient(settings, "localhost", port, observer, null, Map.of());
    }

    @Test(timeout = 60_000)
    public void openSslServerVerifyingAgainstPeerCertificateGetsIt() throws Exception {
        String openssl = Interop.binary("openssl");
        Path dir = writeFiles();
        int port = Interop.freePort();
        // -Verify 1: a client certificate is required; -rev sends each line back reversed.
        Peer server = interop.start("s_server", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("server-leaf.pem").toString(), "-cert_chain", dir.resolve("server.pem").toString(),
                "-key", dir.resolve("server.key").toString(),
                "-Verify", "1", "-CAfile", dir.resolve("client.pem").toString(), "-rev"), false);
        Interop.awaitPort(server, port, WAIT);
        Listener sluice = sluiceClient(port);

        assertEquals("tnes etacifitrec", Interop.exchangeLine(sluice.boundAddress().getPort(), "certificate sent"));
        Interop.await("s_server names the client certificate; log:\n" + server.logText(),
                () -> server.logText().contains("CN=sluice-client") || server.logText().contains("CN = sluice-client"),
                WAIT);
    }

    @Test(timeout = 60_000)
    public void stunnelServerWithVerifyPeerAcceptsIt() throws Exception {
        Interop.binary("stunnel4");
        Path dir = writeFiles();
        EchoServer echo = interop.echoServer();
        int port = Interop.freePort();
        Peer stunnel = interop.stunnel("stunnel-server", port, """
                [server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                verifyPeer = yes
                CAfile = %s
                """.formatted(port, echo.port(), dir.resolve("server.pem"), dir.resolve("server.key"),
                dir.resolve("client.pem")));
        Listener sluice = sluiceClient(port);

        // No half-close: BCJSSE ends the connection at the client's FIN (see BcSluiceClientToStunnelServerTest).
        Interop.assertEchoes(sluice.boundAddress().getPort(), 4096, false);
        Path log = dir.resolve("stunnel-server.stunnel.log");
        Interop.await("stunnel accepts the client certificate; log:\n" + Interop.read(log),
                () -> Interop.read(log).contains("Certificate accepted at depth=0: CN=sluice-client"), WAIT);
        assertEquals("handshake failures: " + observer + "; stunnel log: " + stunnel.logText(), 0,
                observer.handshakeFailed.get());
    }
}
