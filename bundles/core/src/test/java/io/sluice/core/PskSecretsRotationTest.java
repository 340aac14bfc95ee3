package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelState;
import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.LogCapture;
import io.sluice.transport.mina.MinaTransport;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * A running PSK server tunnel (PSKsecrets, no cert) whose secrets file changes on disk, as its
 * certificate files would: new connections use the new keys within seconds, a connection opened
 * before goes on, a broken file is logged with its file and line and the keys in force stay;
 * TLS 1.2 sessions of a changed key are no longer resumed, those of an unchanged key still are.
 * The client is Bouncy Castle's own blocking PSK client (TLS 1.2), independent of Sluice's engine.
 */
public class PskSecretsRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String KEY_1 = "00112233445566778899aabbccddeeff";
    private static final String KEY_2 = "ffeeddccbbaa99887766554433221100";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private final MinaTransport transport = new MinaTransport();
    private final TunnelComponent tunnel = new TunnelComponent();
    private ServerSocket echo;
    private Path secrets;

    @Before
    public void setUp() throws Exception {
        transport.activate();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread thread = new Thread(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException e) {
                            // the test closed it
                        }
                    });
                    thread.setDaemon(true);
                    thread.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-echo");
        acceptor.setDaemon(true);
        acceptor.start();
        secrets = tmp.getRoot().toPath().resolve("psk.txt");
    }

    @After
    public void tearDown() throws Exception {
        tunnel.deactivate(0);
        transport.deactivate();
        echo.close();
    }

    private int start() throws Exception {
        Wiring.transport(tunnel, transport);
        tunnel.addTlsProvider(new JsseTlsProvider(), Map.of(TlsProvider.NAME, "jsse"));
        tunnel.addTlsProvider(new BcTlsProvider(), Map.of(TlsProvider.NAME, "bc"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.sluice.tunnel~psk");
        properties.put("accept", "127.0.0.1:0");
        properties.put("connect", "127.0.0.1:" + echo.getLocalPort());
        properties.put("PSKsecrets", secrets.toString());
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
        tunnel.activate(context, properties);
        assertEquals(tunnel.status().reason(), TunnelState.RUNNING, tunnel.status().state());
        assertEquals("PSKsecrets implies the bc provider", "bc", tunnel.status().tlsProvider());
        String bound = tunnel.status().bound();
        return Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    }

    /** A TLS-PSK connection through the tunnel, by Bouncy Castle's blocking client. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final TlsClientProtocol protocol;
        /** The session the handshake made or resumed, and whether it resumed {@code offered}. */
        TlsSession session;
        boolean resumed;

        Client(int port, String identity, String hexKey) throws IOException {
            this(port, identity, hexKey, null);
        }

        /** @param offered a session of an earlier connection to offer (TLS 1.2 session ID), or null */
        Client(int port, String identity, String hexKey, TlsSession offered) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            byte[] key = java.util.HexFormat.of().parseHex(hexKey);
            protocol.connect(new PSKTlsClient(new JcaTlsCryptoProvider().create(new SecureRandom()),
                    new BasicTlsPSKIdentity(identity, key)) {
                @Override
                public TlsSession getSessionToResume() {
                    return offered;
                }

                @Override
                public void notifyHandshakeComplete() throws IOException {
                    super.notifyHandshakeComplete();
                    session = context.getResumableSession();
                    resumed = context.getSecurityParametersConnection().isResumedSession();
                }
            });
        }

        String echo(String line) throws IOException {
            OutputStream out = protocol.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = protocol.getInputStream();
            byte[] back = new byte[line.length() + 1];
            new DataInputStream(in).readFully(back);
            return new String(back, StandardCharsets.UTF_8).trim();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static boolean connects(int port, String identity, String hexKey) {
        try (Client client = new Client(port, identity, hexKey)) {
            return "ping".equals(client.echo("ping"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test(timeout = 60_000)
    public void changedSecretsApplyToNewConnectionsAndBrokenOnesAreRefused() throws Exception {
        Files.writeString(secrets, "alice:" + KEY_1 + "\n");
        int port = start();
        assertTrue("alice with her first key", connects(port, "alice", KEY_1));
        assertFalse("bob is not in the file yet", connects(port, "bob", KEY_2));

        try (Client open = new Client(port, "alice", KEY_1)) {
            assertEquals("before", open.echo("before"));
            Files.writeString(secrets, "alice:" + KEY_2 + "\nbob:" + KEY_2 + "\n");
            await("the tunnel says the files changed", () -> !log.lines("Service [psk] TLS files changed").isEmpty());
            assertTrue("alice with her new key", connects(port, "alice", KEY_2));
            assertTrue("bob, added", connects(port, "bob", KEY_2));
            assertFalse("alice's old key no longer opens", connects(port, "alice", KEY_1));
            assertEquals("a connection opened before goes on", "after", open.echo("after"));
        }

        Files.writeString(secrets, "alice:" + KEY_2 + "\nbob:short\n");
        await("the broken file is refused with its file and line", () -> log.lines("PSKsecrets").stream()
                .anyMatch(l -> l.contains(secrets + ":2: Key shorter than 16 bytes")
                        && l.contains("the certificate, key and trust files in force stay")));
        assertTrue("the keys in force stay", connects(port, "bob", KEY_2));
        assertEquals(TunnelState.RUNNING, tunnel.status().state());
    }

    /** A full handshake's session, checked to be new. */
    private static TlsSession fullHandshake(int port, String identity, String hexKey) throws IOException {
        try (Client client = new Client(port, identity, hexKey)) {
            assertEquals("ping", client.echo("ping"));
            assertFalse(client.resumed);
            return client.session;
        }
    }

    /** Whether a connection offering {@code session} resumed it (it must go through either way). */
    private static boolean resumes(int port, String identity, String hexKey, TlsSession session) throws IOException {
        try (Client client = new Client(port, identity, hexKey, session)) {
            assertEquals("ping", client.echo("ping"));
            return client.resumed;
        }
    }

    @Test(timeout = 60_000)
    public void changedSecretsDropTheSessionsOfAChangedKeyOnly() throws Exception {
        Files.writeString(secrets, "alice:" + KEY_1 + "\nbob:" + KEY_2 + "\n");
        int port = start();
        TlsSession alice = fullHandshake(port, "alice", KEY_1);
        TlsSession bob = fullHandshake(port, "bob", KEY_2);
        assertTrue("alice resumes while her key stands", resumes(port, "alice", KEY_1, alice));

        Files.writeString(secrets, "alice:" + KEY_2 + "\nbob:" + KEY_2 + "\n");
        await("the tunnel says the files changed", () -> !log.lines("Service [psk] TLS files changed").isEmpty());
        assertTrue("bob's key is unchanged: his session still resumes", resumes(port, "bob", KEY_2, bob));
        assertFalse("alice's key changed: her session is gone, a full handshake with the new key",
                resumes(port, "alice", KEY_2, alice));
        // The tunnel's counter (tunnel:info, JMX); its "previous session reused" line, at debug, is PskResumptionInteropTest's.
        assertEquals("resumptions counted", 2, tunnel.status().counters().resumedSessions());
    }
}
