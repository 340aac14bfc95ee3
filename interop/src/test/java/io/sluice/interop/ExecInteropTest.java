package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.proxy.ProxyNegotiator;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * stunnel's {@code exec} with real programs: local mode ({@code accept} + {@code exec}: a program per
 * connection in place of the target, here {@code /bin/cat}, {@code /bin/sleep} and shell scripts,
 * reached with {@code openssl s_client}) and exec+connect (the program is the accepting side, TLS to
 * a {@code stunnel4} server, restarted by {@code retry}).
 */
public class ExecInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern STARTED = Pattern.compile("Local mode child started \\(PID=(\\d+)\\)");

    @Rule
    public final Interop interop = new Interop();

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    private Identity identity;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void setUp() throws Exception {
        openssl = Interop.binary("openssl");
        identity = interop.identity("sluice");
    }

    /** A server-mode tunnel on 127.0.0.1 whose connect side is the program (stunnel's local mode). */
    private Listener localMode(TlsSettings settings, Exec exec) throws Exception {
        return interop.tunnel(TunnelSpec.builder("exec-server").accept(new AcceptSide.Sockets(
                new InetSocketAddress(Interop.LOOPBACK, 0))).connect(new ConnectSide.Program(exec))
                .tls(interop.context(settings)).timeouts(Interop.TIMEOUTS).observer(observer).build());
    }

    private TlsSettings server(List<java.security.cert.X509Certificate> clientAnchors) {
        boolean verify = clientAnchors != null;
        return TlsSettings.builder(false).keyMaterial(identity.material()).trustAnchors(clientAnchors)
                .verifyChain(verify).requireCert(verify).build();
    }

    private Peer sClient(Listener sluice, String... extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(openssl, "s_client", "-quiet", "-no_ign_eof",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(),
                "-CAfile", identity.cert().toString(), "-verify_return_error"));
        command.addAll(List.of(extra));
        return interop.start("s_client", command, true);
    }

    private long childPid() throws InterruptedException {
        Interop.await("a child started", () -> !log.lines("Local mode child started").isEmpty(), WAIT);
        Matcher m = STARTED.matcher(log.lines("Local mode child started").get(0));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    private void awaitChildFinished(long pid, int code) throws InterruptedException {
        String line = "Child process " + pid + " finished with code " + code;
        Interop.await("'" + line + "' in the log", () -> !log.lines(line).isEmpty(), WAIT);
        assertFalse("process " + pid + " is gone", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private Path script(String name, String body) throws Exception {
        Path file = interop.dir().resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test(timeout = 60_000)
    public void eachConnectionTalksToItsOwnCatUntilTheClientIsDone() throws Exception {
        Listener sluice = localMode(server(null), new Exec("/bin/cat", List.of("cat"), null));
        Peer client = sClient(sluice);
        client.writeLine("hello through cat");
        assertEquals("hello through cat", client.readLine(WAIT));
        client.writeLine("second line");
        assertEquals("second line", client.readLine(WAIT));
        long pid = childPid();
        assertTrue("cat runs while the connection is open", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        // s_client's end of input: close_notify to Sluice, EOF on cat's stdin, cat exits, its EOF ends the connection.
        client.closeStdin();
        assertEquals("", client.readRest(WAIT));
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        awaitChildFinished(pid, 0);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        int sent = "hello through cat\nsecond line\n".length();
        assertEquals(log.lines("Connection closed").toString(), 1, log.lines("Service [exec-server] #").stream()
                .filter(l -> l.endsWith("Connection closed: " + sent + " byte(s) sent to TLS, " + sent
                        + " byte(s) sent to socket")).count());
        assertEquals(0, sluice.activeConnections());
    }

    @Test(timeout = 60_000)
    public void theProgramSeesTheClientsAddressAndCertificateAndItsExitEndsTheConnection() throws Exception {
        Identity clientId = interop.identity("client", "exec client", List.of("localhost"));
        Path env = script("env.sh", "echo \"REMOTE_HOST=$REMOTE_HOST\"\n"
                + "echo \"REMOTE_PORT=$REMOTE_PORT\"\n"
                + "echo \"SSL_CLIENT_DN=$SSL_CLIENT_DN\"\n"
                + "echo \"SSL_CLIENT_I_DN=$SSL_CLIENT_I_DN\"\n"
                + "echo \"ARGS=$*\"\n"
                + "exit 7\n");
        Listener sluice = localMode(server(List.of(clientId.certificate())),
                new Exec(env.toString(), List.of("env.sh", "one", "two"), null));
        // The client sends nothing and keeps its input open: only the program's exit can end this.
        Peer client = sClient(sluice, "-cert", clientId.cert().toString(), "-key", clientId.key().toString());
        String out = client.readRest(WAIT);
        assertTrue(out, out.contains("REMOTE_HOST=127.0.0.1\n"));
        assertTrue(out, out.matches("(?s).*REMOTE_PORT=\\d+\n.*"));
        assertTrue(out, out.contains("SSL_CLIENT_DN=CN=exec client\n"));
        assertTrue(out, out.contains("SSL_CLIENT_I_DN=CN=exec client\n"));
        assertTrue(out, out.contains("ARGS=one two\n"));
        awaitChildFinished(childPid(), 7);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        assertEquals(1, log.lines("Service [exec-server] #").stream().filter(l -> l.endsWith("Connection closed: "
                + out.length() + " byte(s) sent to TLS, 0 byte(s) sent to socket")).count());
    }

    @Test(timeout = 60_000)
    public void aProgramThatOutlivesItsConnectionIsTerminated() throws Exception {
        // sleep reads nothing and never ends by itself: the client's end leaves it running until TIMEOUTclose.
        Listener sluice = localMode(server(null), new Exec("/bin/sleep", List.of("sleep", "300"), null));
        Peer client = sClient(sluice);
        long pid = childPid();
        client.closeStdin();
        awaitChildFinished(pid, 143); // SIGTERM
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        assertEquals(0, sluice.activeConnections());
    }

    @Test(timeout = 60_000)
    public void closingTheTunnelWithItsConnectionsEndsTheirPrograms() throws Exception {
        Listener sluice = localMode(server(null), new Exec("/bin/sleep", List.of("sleep", "300"), null));
        Peer client = sClient(sluice);
        long pid = childPid();
        sluice.close(true);
        awaitChildFinished(pid, 143);
        assertEquals("", client.readRest(WAIT));
    }

    @Test(timeout = 60_000)
    public void sluiceShuttingDownEndsItsProgramsAtOnce() throws Exception {
        Listener sluice = localMode(server(null), new Exec("/bin/sleep", List.of("sleep", "300"), null));
        Peer client = sClient(sluice);
        long pid = childPid();
        long stopped = System.nanoTime();
        interop.stopTransport();
        assertFalse("sleep is gone when the transport has stopped",
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue("no grace period at shutdown", System.nanoTime() - stopped < 1_900_000_000L);
        awaitChildFinished(pid, 143);
        assertEquals("", client.readRest(WAIT));
    }

    /** protocol = proxy with exec: the program reads stunnel's PROXY line first, naming the accepted socket's ends. */
    @Test(timeout = 60_000)
    public void protocolProxyWritesTheProxyLineToTheProgramBeforeTheClientsBytes() throws Exception {
        Path first = interop.dir().resolve("first-line.txt");
        // The shell's read takes a pipe byte by byte, so the client's bytes stay for cat; head reads a block and can
        // swallow them when they are already in the pipe (seen once in a full run: cat then waited for nothing).
        Path proxied = script("proxied.sh", "IFS= read -r line\nprintf '%s\\n' \"$line\" > " + first + "\nexec cat\n");
        Listener sluice = interop.tunnel(TunnelSpec.builder("exec-proxy").accept(new AcceptSide.Sockets(
                new InetSocketAddress(Interop.LOOPBACK, 0))).connect(new ConnectSide.Program(new Exec(proxied.toString(),
                List.of("proxied.sh"), null))).tls(interop.context(server(null))).timeouts(Interop.TIMEOUTS)
                .observer(observer).negotiator(new ProxyNegotiator()).build());
        int port = sluice.boundAddress().getPort();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) jdkClient().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, port), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("after the header\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("the client's bytes flow to the program and back after the header", "after the header",
                    in.readLine());
            // The script wrote the file before cat started: it is complete now.
            assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 " + socket.getLocalPort() + " " + port + "\r\n",
                    Files.readString(first, java.nio.charset.StandardCharsets.US_ASCII));
        }
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
    }

    @Test(timeout = 90_000)
    public void bulkDataThroughCatArrivesIntactBothWays() throws Exception {
        Listener sluice = localMode(server(null), new Exec("/bin/cat", List.of("cat"), null));
        // plain -> Sluice client tunnel -> TLS -> Sluice local mode -> cat, and back.
        Listener front = interop.sluiceClient(List.of(identity.certificate()), "localhost",
                sluice.boundAddress().getPort(), new CountingObserver());
        Interop.assertEchoes(front.boundAddress().getPort(), 24 * 1024 * 1024);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        int size = 24 * 1024 * 1024;
        assertEquals(1, log.lines("Service [exec-server] #").stream().filter(l -> l.endsWith("Connection closed: " + size
                + " byte(s) sent to TLS, " + size + " byte(s) sent to socket")).count());
    }

    @Test(timeout = 90_000)
    public void execConnectRunsTheProgramAgainstAStunnelServerAndRetries() throws Exception {
        EchoServer echo = interop.echoServer();
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-server", stunnelPort, "[echo]\naccept = 127.0.0.1:" + stunnelPort + "\nconnect = 127.0.0.1:"
                + echo.port() + "\ncert = " + identity.cert() + "\nkey = " + identity.key() + "\n");
        Path out = interop.dir().resolve("replies.txt");
        Path ping = script("ping.sh", "echo \"ping $$\"\nread reply\necho \"$reply\" >> " + out + "\n");
        TlsSettings client = TlsSettings.builder(true).trustAnchors(List.of(identity.certificate())).verifyChain(true)
                .checkConnectHost(true).build();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress("localhost",
                Interop.LOOPBACK.getAddress()), stunnelPort);
        Listener sluice = interop.tunnel(TunnelSpec.builder("exec-connect").client(true)
                .accept(new AcceptSide.Program(new Exec(ping.toString(), List.of("ping.sh"), Duration.ofMillis(200))))
                .connect(new ConnectSide.Targets(List.of(new Target("localhost", address)), Failover.PRIO))
                .tls(interop.context(client)).timeouts(Interop.TIMEOUTS).observer(observer).build());
        assertEquals(null, sluice.boundAddress());

        Interop.await("three runs of the program, each answered through stunnel: " + Interop.read(out),
                () -> Interop.read(out).lines().count() >= 3, WAIT);
        for (String line : Interop.read(out).lines().toList()) {
            assertTrue(line, line.matches("ping \\d+"));
        }
        assertEquals("each run had its own process", Interop.read(out).lines().count(),
                Interop.read(out).lines().distinct().count());
        assertTrue(log.lines("Service [exec-connect] #").stream().anyMatch(l -> l.endsWith("Retrying an exec+connect section")));
        assertTrue(log.lines("Service [exec-connect] #").stream().anyMatch(l -> l.contains(" TLS connected: ")));
        assertTrue(log.lines("Service [exec-connect] #").stream().anyMatch(l -> l.contains(" accepted connection from ")));

        sluice.close(false);
        Interop.await("the run in progress ends", () -> sluice.activeConnections() == 0, WAIT);
        long runs = Interop.read(out).lines().count();
        Thread.sleep(1000); // five retry delays
        assertEquals("no run after the tunnel closed", runs, Interop.read(out).lines().count());
    }

    @Test(timeout = 60_000)
    public void clientModeRunsTlsOverTheProgramHereStunnelInInetdMode() throws Exception {
        EchoServer echo = interop.echoServer();
        Path conf = interop.dir().resolve("inetd.conf");
        Files.writeString(conf, "pid =\noutput = " + interop.dir().resolve("inetd.stunnel.log") + "\ndebug = info\n"
                + "cert = " + identity.cert() + "\nkey = " + identity.key() + "\nconnect = 127.0.0.1:" + echo.port() + "\n");
        TlsSettings client = TlsSettings.builder(true).trustAnchors(List.of(identity.certificate())).verifyChain(true)
                .checkConnectHost(true).build();
        Listener sluice = interop.tunnel(TunnelSpec.builder("exec-client").client(true)
                .accept(new AcceptSide.Sockets(new InetSocketAddress(Interop.LOOPBACK, 0)))
                .connect(new ConnectSide.Program(new Exec(Interop.binary("stunnel4"), List.of("stunnel4", conf.toString()), null)))
                .tls(interop.context(client)).timeouts(Interop.TIMEOUTS).observer(observer).build());
        // plaintext in, TLS to stunnel4 on the program's stdin/stdout, plaintext from it to the echo server. No
        // half-close: stunnel takes the end of its standard input (a pipe's HUP) for the end of the whole TLS
        // stream, "TLS socket closed (HUP) with N unsent byte(s)" (its own exec children get a socketpair).
        Interop.assertEchoes(sluice.boundAddress().getPort(), 2 * 1024 * 1024, false);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        assertTrue(log.lines("Service [exec-client] #").stream().anyMatch(l -> l.contains(" TLS connected: new session")));
        int size = 2 * 1024 * 1024;
        assertEquals(1, log.lines("Service [exec-client] #").stream().filter(l -> l.contains("Connection closed: " + size
                + " byte(s) sent to TLS, " + size + " byte(s) sent to socket")).count());
        String stunnelLog = Interop.read(interop.dir().resolve("inetd.stunnel.log"));
        assertTrue(stunnelLog, stunnelLog.contains("TLS accepted: new session negotiated"));
    }

    @Test(timeout = 60_000)
    public void serverModeExecConnectRunsTlsOverTheProgramToAPlainTarget() throws Exception {
        EchoServer echo = interop.echoServer();
        // The program bridges its stdin/stdout to a socket the test accepts; a JDK TLS client speaks through it.
        try (java.net.ServerSocket bridge = new java.net.ServerSocket(0, 1, Interop.LOOPBACK)) {
            Path script = script("bridge.sh", "exec 3<>/dev/tcp/127.0.0.1/" + bridge.getLocalPort() + "\n"
                    + "cat <&3 &\ncat >&3\nwait\n");
            Listener sluice = interop.tunnel(TunnelSpec.builder("exec-connect-server")
                    .accept(new AcceptSide.Program(new Exec("/bin/bash", List.of("bash", script.toString()), null)))
                    .connect(new ConnectSide.Targets(List.of(new Target("127.0.0.1",
                            new InetSocketAddress(Interop.LOOPBACK, echo.port()))), Failover.PRIO))
                    .tls(interop.context(server(null))).timeouts(Interop.TIMEOUTS).observer(observer).build());
            bridge.setSoTimeout(20_000);
            try (java.net.Socket raw = bridge.accept()) {
                javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
                java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("sluice", identity.certificate());
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
                tmf.init(trust);
                context.init(null, tmf.getTrustManagers(), null);
                javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                        .createSocket(raw, "localhost", raw.getPort(), true);
                tls.setSoTimeout(20_000);
                tls.startHandshake();
                tls.getOutputStream().write("through the program\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(tls.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals("through the program", in.readLine());
                tls.close(); // close_notify, then the bridge's end of stream: the program exits
            }
            Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
            assertTrue(log.lines("Service [exec-connect-server] #").stream().anyMatch(l -> l.contains(" TLS accepted: new session")));
            assertEquals(1, log.lines("Service [exec-connect-server] #").stream().filter(l -> l.endsWith(
                    "Connection closed: 20 byte(s) sent to TLS, 20 byte(s) sent to socket")).count());
        }
    }

    @Test(timeout = 90_000)
    public void aProgramWritingFasterThanItsClientReadsIsHeldBack() throws Exception {
        long total = 64L * 1024 * 1024;
        // head writes 64 MB as fast as the pipe takes it; the client reads nothing at first.
        Listener sluice = localMode(server(null), new Exec("/usr/bin/head", List.of("head", "-c", Long.toString(total),
                "/dev/zero"), null));
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) jdkClient().getSocketFactory().createSocket()) {
            socket.setReceiveBufferSize(64 * 1024); // fixed: no receive-buffer autotuning on this side
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, sluice.boundAddress().getPort()), 5000);
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            Interop.await("the program runs", () -> !sluice.connections().isEmpty()
                    && sluice.connections().get(0).bytesOut() > 0, WAIT);
            long pid = childPid();
            for (int second = 0; second < 3; second++) {
                Thread.sleep(1000);
                long out = sluice.connections().get(0).bytesOut();
                // the socket's send buffer (at most tcp_wmem's 4 MB), the relay's 256 KB watermark and the pipe
                assertTrue("held back while nobody reads: " + out + " of " + total + " bytes out", out < 8 * 1024 * 1024);
                assertTrue("head waits on its full pipe", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            }

            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long count = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int k = 0; k < n; k++) {
                    if (buffer[k] != 0) {
                        throw new AssertionError("byte " + (count + k) + " is " + buffer[k]);
                    }
                }
                count += n;
            }
            assertEquals("every byte once reading resumes", total, count);
            awaitChildFinished(pid, 0);
        }
    }

    private javax.net.ssl.SSLContext jdkClient() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sluice", identity.certificate());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test(timeout = 60_000)
    public void whatTheClientSendsAfterTheProgramStoppedReadingIsDroppedAndItsOutputStillArrives() throws Exception {
        // The script answers without reading and exits while the client is still sending megabytes.
        Path bye = script("bye.sh", "echo bye\nexit 0\n");
        Listener sluice = localMode(server(null), new Exec(bye.toString(), List.of("bye.sh"), null));
        Listener front = interop.sluiceClient(List.of(identity.certificate()), "localhost",
                sluice.boundAddress().getPort(), new CountingObserver());
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, front.boundAddress().getPort()), 5000);
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 64; i++) {
                        socket.getOutputStream().write(chunk);
                    }
                } catch (java.io.IOException e) {
                    // the connection ended first: fine, the point is what came back
                }
            });
            writer.start();
            byte[] all = socket.getInputStream().readAllBytes();
            assertEquals("bye\n", new String(all, java.nio.charset.StandardCharsets.US_ASCII));
            writer.join(20_000);
        }
        awaitChildFinished(childPid(), 0);
        Interop.await("connection closed: " + observer, () -> observer.closed.get() == 1, WAIT);
        // Counted as sent to the program: what it could still take (its pipe), not what was dropped after it exited.
        Matcher dropped = Pattern.compile("exec: (\\d+) byte\\(s\\) were dropped").matcher(
                String.join("\n", log.lines("were dropped")));
        assertTrue("some bytes were dropped: " + log.lines("exec:"), dropped.find());
        Matcher closed = Pattern.compile("Connection closed: 4 byte\\(s\\) sent to TLS, (\\d+) byte\\(s\\) sent to socket")
                .matcher(String.join("\n", log.lines("Service [exec-server] #")));
        assertTrue(log.lines("Connection closed").toString(), closed.find());
        assertEquals("relayed = sent + dropped", observer.bytesIn.get(),
                Long.parseLong(closed.group(1)) + Long.parseLong(dropped.group(1)));
    }
}
