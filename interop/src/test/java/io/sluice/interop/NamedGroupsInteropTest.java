package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.pki.KeyFiles;
import io.sluice.pki.TrustFiles;
import java.nio.file.Path;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * stunnel's {@code curves} against openssl: the groups a tunnel offers or accepts are the configured
 * ones, seen from the other side (s_client's {@code Server Temp Key}, s_server's {@code Supported
 * groups}), and a peer with none of them is refused with Sluice's {@code SSL_accept} line.
 */
public class NamedGroupsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop(provider());

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    /** P-384: a P-256 certificate needs P-256 among the groups (TLS 1.2's rule, and BCJSSE's in TLS 1.3 too). */
    private Path cert;
    private KeyMaterial key;
    private EchoServer echo;
    private final CountingObserver observer = new CountingObserver();

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }

    /**
     * What Sluice logs after {@code SSL_accept: } when a client offers none of the tunnel's groups:
     * stunnel4 5.68 with {@code curves = secp384r1} logs OpenSSL 3's "no suitable key share" there.
     */
    protected String noSharedGroup() {
        return "bc:0: error:0A000065:SSL routines::no suitable key share";
    }

    /** Sluice's {@code TLS handshake failed: } line after it; null where the provider's own error stands alone. */
    protected String noSharedGroupExplained() {
        return "the client offers none of the tunnel's key-exchange groups (curves)"
                + " (org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40))";
    }

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        cert = interop.dir().resolve("p384.crt");
        key = KeyFiles.load(cert, selfSigned("ec", "ec_paramgen_curve:P-384", cert), null);
        echo = interop.echoServer();
    }

    /** A certificate for localhost made by openssl req; returns its key file. */
    private Path selfSigned(String algorithm, String option, Path certFile) throws Exception {
        Path keyFile = Path.of(certFile.toString().replace(".crt", ".key"));
        Peer req = interop.start("req-" + certFile.getFileName(), List.of(openssl, "req", "-x509", "-newkey", algorithm,
                "-pkeyopt", option, "-nodes", "-keyout", keyFile.toString(), "-out", certFile.toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1"), false);
        assertEquals("openssl req; log:\n" + req.logText(), 0, req.awaitExit(WAIT));
        return keyFile;
    }

    private Listener server(String... groups) throws Exception {
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(key)
                .namedGroups(List.of(groups)).build();
        return interop.sluiceServer(settings, echo.port(), observer, null, Map.of());
    }

    private Peer sClient(Listener sluice, String name, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl, "s_client",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(),
                "-CAfile", cert.toString(), "-verify_return_error", "-brief", "-no_ign_eof"));
        command.addAll(List.of(extra));
        return interop.start(name, command, true);
    }

    @Test(timeout = 60_000)
    public void aServerWithSecp384r1KeysWithAClientOfferingIt() throws Exception {
        Listener sluice = server("secp384r1");
        for (String version : List.of("-tls1_3", "-tls1_2")) {
            Peer client = sClient(sluice, "s_client" + version, "-groups", "X25519:secp384r1", version);
            client.writeLine("over P-384");
            assertEquals("over P-384", client.readLine(WAIT));
            client.closeStdin();
            assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
            assertTrue(version + ": the key exchange was P-384, not s_client's first choice X25519; log:\n"
                    + client.logText(), client.logText().contains("Server Temp Key: ECDH, secp384r1, 384 bits"));
        }
    }

    @Test(timeout = 60_000)
    public void aServerWithSecp384r1RefusesAClientOfferingOnlyP256() throws Exception {
        Listener sluice = server("secp384r1");
        Peer client = sClient(sluice, "s_client-p256", "-groups", "prime256v1");
        client.writeLine("must not arrive");
        client.closeStdin();
        assertEquals("application data received", "", client.readRest(WAIT));
        assertNotEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        Interop.await("a failed handshake counted: " + observer, () -> observer.handshakeFailed.get() == 1, WAIT);
        assertEquals("backend connections", 0, echo.accepted());
        List<String> lines = log.lines("Service [interop-server] #");
        assertTrue("Sluice's line: " + lines, lines.stream().anyMatch(l -> l.matches(
                ".*Service \\[interop-server\\] #\\d+ SSL_accept: " + java.util.regex.Pattern.quote(noSharedGroup()))));
        List<String> explained = lines.stream().filter(l -> l.contains(" TLS handshake failed: ")).toList();
        if (noSharedGroupExplained() == null) {
            assertEquals("no explanation after the provider's own error", List.of(), explained);
        } else {
            assertTrue("Sluice's explanation: " + lines, explained.size() == 1 && explained.get(0).matches(
                    ".*Service \\[interop-server\\] #\\d+ TLS handshake failed: "
                            + java.util.regex.Pattern.quote(noSharedGroupExplained())));
        }
    }

    @Test(timeout = 60_000)
    public void aClientWithX25519OffersOnlyItToAServerOfX25519AndP256() throws Exception {
        // RSA: BCJSSE signs and accepts ECDSA only over curves among its groups, even in TLS 1.3.
        Path serverCert = interop.dir().resolve("rsa.crt");
        Path serverKey = selfSigned("rsa", "rsa_keygen_bits:2048", serverCert);
        int serverPort = Interop.freePort();
        // Not -brief or -rev: s_server prints the client's groups ("Supported groups") and the shared ones.
        Peer server = interop.start("s_server", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-cert", serverCert.toString(), "-key", serverKey.toString(), "-groups", "X25519:P-256"), false);
        Interop.awaitPort(server, serverPort, WAIT);
        TlsSettings settings = TlsSettings.builder(true).trustAnchors(TrustFiles.load(serverCert))
                .verifyChain(true).checkConnectHost(true).namedGroups(List.of("x25519")).build();
        Listener sluice = interop.sluiceClient(settings, "localhost", serverPort, observer, null, Map.of());
        try (java.net.Socket socket = new java.net.Socket(Interop.LOOPBACK, sluice.boundAddress().getPort())) {
            socket.getOutputStream().write("hello s_server\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Interop.await("s_server got the line: " + server.logText(),
                    () -> server.logText().contains("hello s_server"), WAIT);
        }
        String text = server.logText();
        assertTrue(text, text.contains("Supported groups: x25519\n"));
        assertTrue(text, text.contains("Shared groups: x25519\n"));
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
    }
}
