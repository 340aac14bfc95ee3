package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelState;
import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.Transport;
import io.sluice.pki.Certificates;
import io.sluice.pki.DefaultCertificate;
import io.sluice.pki.SelfSigned;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.tls.jsse.contract.TestRevocation;
import io.sluice.transport.mina.LogCapture;
import io.sluice.transport.mina.MinaTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * A running server-mode tunnel whose cert and key files are replaced on disk: new connections get
 * the new certificate within seconds, a connection opened before goes on with the old one, a bad
 * file keeps the material in force and is logged with the tunnel and the file, and a certificate
 * near its end is warned about at the start.
 */
public class TlsFilesRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private final MinaTransport transport = new MinaTransport();
    private final TunnelComponent tunnel = new TunnelComponent();
    private ServerSocket echo;
    private Path cert;
    private Path key;

    @Before
    public void setUp() throws Exception {
        transport.activate();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::echoAll, "test-echo");
        acceptor.setDaemon(true);
        acceptor.start();
        cert = tmp.getRoot().toPath().resolve("rot.crt");
        key = tmp.getRoot().toPath().resolve("rot.key");
    }

    @After
    public void tearDown() throws Exception {
        tunnel.deactivate(0);
        transport.deactivate();
        echo.close();
    }

    private void echoAll() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread thread = new Thread(() -> {
                    try (socket) {
                        socket.getInputStream().transferTo(socket.getOutputStream());
                    } catch (IOException e) {
                        // the test closed it
                    }
                }, "test-echo-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static KeyMaterial material(String name, Duration validity) throws Exception {
        return SelfSigned.generate(name, List.of(name), validity);
    }

    private void write(KeyMaterial material) throws IOException {
        SelfSigned.writePem(material, cert, key);
    }

    /** Starts the tunnel as DS would, with the JDK provider and the MINA transport. */
    private int start() throws Exception {
        return start(true);
    }

    /** @param ownCertificate false: no cert key, the installation's default certificate (cert and key files) */
    private int start(boolean ownCertificate) throws Exception {
        return start(ownCertificate, Map.of());
    }

    private int start(boolean ownCertificate, Map<String, String> extra) throws Exception {
        Wiring.transport(tunnel, transport);
        tunnel.addTlsProvider(new JsseTlsProvider(), Map.of(TlsProvider.NAME, "jsse"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.sluice.tunnel~rot");
        // The provider added above (without tlsProvider, Linux x86_64 gets openssl).
        properties.put("tlsProvider", "jsse");
        properties.put("accept", "127.0.0.1:0");
        properties.put("connect", "127.0.0.1:" + echo.getLocalPort());
        if (ownCertificate) {
            properties.put("cert", cert.toString());
            properties.put("key", key.toString());
        } else {
            tunnel.setDefaultCertificate(new DefaultCertificate() {
                @Override
                public Path certificate() {
                    return cert;
                }

                @Override
                public Path key() {
                    return key;
                }
            });
        }
        properties.putAll(extra);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null); // no data area
        tunnel.activate(context, properties);
        assertEquals(tunnel.status().reason(), TunnelState.RUNNING, tunnel.status().state());
        String bound = tunnel.status().bound();
        return Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    }

    /** A TLS client that trusts anything and tells which certificate it was shown. */
    private static final class Client implements AutoCloseable {
        final SSLSocket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(int port) throws Exception {
            this(port, null);
        }

        /** @param own the client certificate to present, or null for none */
        Client(int port, KeyMaterial own) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS"); // a fresh one: no session to resume
            KeyManager[] keyManagers = null;
            if (own != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("own", own.key(), "x".toCharArray(), own.chain().toArray(new Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, "x".toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            context.init(keyManagers, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        X509Certificate shown() throws Exception {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }

        String ask(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static X509Certificate shownToANewClient(int port) throws Exception {
        try (Client client = new Client(port)) {
            assertEquals("echo", client.ask("echo"));
            return client.shown();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean shows(int port, X509Certificate expected) {
        try {
            return shownToANewClient(port).equals(expected);
        } catch (Exception e) {
            throw new AssertionError("a new connection failed", e);
        }
    }

    @Test(timeout = 60_000)
    public void newConnectionsGetTheNewCertificateWhileAnOpenOneGoesOn() throws Exception {
        KeyMaterial a = material("a.example", Duration.ofDays(400));
        KeyMaterial b = material("b.example", Duration.ofDays(400));
        write(a);
        int port = start();
        try (Client before = new Client(port)) {
            assertEquals(a.leaf(), before.shown());
            assertEquals("one", before.ask("one"));

            write(b);
            await("a new connection is shown b.example", () -> shows(port, b.leaf()));

            assertEquals("the connection opened before carries on", "two", before.ask("two"));
            assertEquals("with its certificate", a.leaf(), before.shown());
        }
        assertEquals("tunnel:info shows the certificate in force", b.leaf(), tunnel.certificate());
        assertEquals(1, log.lines("Service [rot] TLS files changed: new connections use them (certificate subject=CN=b.example").size());
    }

    @Test(timeout = 60_000)
    public void aBadNewFileKeepsTheMaterialInForceAndSaysWhy() throws Exception {
        KeyMaterial a = material("a.example", Duration.ofDays(400));
        write(a);
        int port = start();

        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        await("the refusal is logged", () -> !log.lines("the certificate, key and trust files in force stay").isEmpty());
        String line = log.lines("the certificate, key and trust files in force stay").get(0);
        assertTrue(line, line.contains("ERROR"));
        assertTrue(line, line.contains("Service [rot]: cert = " + cert + ": "));
        assertEquals("new connections still get a.example", a.leaf(), shownToANewClient(port));

        // A key that does not belong to the certificate is refused the same way.
        KeyMaterial b = material("b.example", Duration.ofDays(400));
        KeyMaterial c = material("c.example", Duration.ofDays(400));
        SelfSigned.writePem(b, cert, tmp.getRoot().toPath().resolve("unused.key"));
        SelfSigned.writePem(c, tmp.getRoot().toPath().resolve("unused.crt"), key);
        await("the mismatch is logged", () -> log.lines("the certificate, key and trust files in force stay").size() >= 2);
        assertEquals("new connections still get a.example", a.leaf(), shownToANewClient(port));

        write(b);
        await("fixed files are taken", () -> shows(port, b.leaf()));
    }

    @Test(timeout = 60_000)
    public void aCertificateEndingWithin30DaysIsWarnedAboutAtTheStart() throws Exception {
        KeyMaterial soon = material("soon.example", Duration.ofDays(10));
        write(soon);
        start();
        String expected = "WARN io.sluice.core.TunnelComponent - Service [rot] certificate CN=soon.example expires "
                + Certificates.expiry(soon.leaf(), Instant.now());
        await("the warning: " + expected, () -> !log.lines(expected).isEmpty());
    }

    @Test(timeout = 60_000)
    public void aCertificateFarFromItsEndIsNotWarnedAbout() throws Exception {
        write(material("later.example", Duration.ofDays(400)));
        int port = start();
        shownToANewClient(port); // the start, its expiry check and a connection are behind us
        Thread.sleep(TlsFilesWatcher.POLL.toMillis());
        assertEquals(List.of(), log.lines("certificate CN=later.example expires"));
    }

    @Test(timeout = 60_000)
    public void theDefaultCertificateIsFollowedToo() throws Exception {
        KeyMaterial a = material("a.example", Duration.ofDays(400));
        KeyMaterial b = material("b.example", Duration.ofDays(400));
        write(a);
        int port = start(false);
        assertEquals(a.leaf(), shownToANewClient(port));

        write(b);
        await("a new connection is shown b.example", () -> shows(port, b.leaf()));
        assertEquals(b.leaf(), tunnel.certificate());
    }

    /** Whether a client presenting {@code own} gets its line echoed (TLS 1.3 refuses after the handshake). */
    private static boolean accepted(int port, KeyMaterial own) {
        try (Client client = new Client(port, own)) {
            return "echo".equals(client.ask("echo"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test(timeout = 60_000)
    public void aChangedCAfileDecidesWhichClientsGetIn() throws Exception {
        write(material("server.example", Duration.ofDays(400)));
        KeyMaterial alice = material("alice.example", Duration.ofDays(400));
        KeyMaterial bob = material("bob.example", Duration.ofDays(400));
        Path caFile = tmp.getRoot().toPath().resolve("clients.pem");
        SelfSigned.writePem(alice, caFile, tmp.getRoot().toPath().resolve("alice.key"));
        int port = start(true, Map.of("CAfile", caFile.toString(), "verifyChain", "yes"));
        assertTrue("alice is trusted", accepted(port, alice));
        assertTrue("bob is not", !accepted(port, bob));

        SelfSigned.writePem(bob, caFile, tmp.getRoot().toPath().resolve("bob.key"));
        await("bob gets in", () -> accepted(port, bob));
        assertTrue("alice no longer does", !accepted(port, alice));
    }

    @Test(timeout = 60_000)
    public void aChangedCrlFileRevokesAClientWithoutARestart() throws Exception {
        write(material("server.example", Duration.ofDays(400)));
        Path caFile = tmp.getRoot().toPath().resolve("ca.pem");
        Files.writeString(caFile, TestRevocation.pem("CERTIFICATE", TestCerts.ROOT.cert().getEncoded())
                + TestRevocation.pem("CERTIFICATE", TestCerts.INTERMEDIATE.cert().getEncoded()));
        Path crlFile = tmp.getRoot().toPath().resolve("crl.pem");
        TestRevocation.writeCrls(crlFile, TestRevocation.crl(TestCerts.INTERMEDIATE));
        int port = start(true, Map.of("CAfile", caFile.toString(), "verifyChain", "yes", "CRLfile", crlFile.toString()));
        KeyMaterial client = TestCerts.CLIENT.material();
        assertTrue("not revoked yet", accepted(port, client));

        TestRevocation.writeCrls(crlFile, TestRevocation.crl(TestCerts.INTERMEDIATE, TestCerts.CLIENT.cert()));
        await("the new CRL is in force", () -> !accepted(port, client));
    }
}
