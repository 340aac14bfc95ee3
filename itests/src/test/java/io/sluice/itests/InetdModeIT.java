package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.run;
import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * stunnel's inetd mode: {@code bin/sluice FILE} with a file without sections, started per connection by
 * socat as the inetd ({@code socat TCP-LISTEN:PORT,fork EXEC:"bin/sluice FILE"}), serves that one
 * connection on its standard input and output, then ends.
 */
public class InetdModeIT {

    /** JVM and Karaf start per connection, on a loaded 2-core machine. */
    private static final int START_SECONDS = 60;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-inetd-it", "DNS:localhost,IP:127.0.0.1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    @Test
    public void serverModeCarriesExactBytesBothWaysAndTheProcessEndsWithTheConnection() throws Exception {
        Path output = tmp.getRoot().toPath().resolve("server.log");
        Path pidFile = tmp.getRoot().toPath().resolve("server.pid");
        try (Echo echo = new Echo()) {
            Path conf = write(tmp.getRoot().toPath().resolve("server.conf"), "; stunnel's inetd mode: no [section]",
                    "output = " + output, "pid = " + pidFile, "debug = info", "service = inetd-echo",
                    "cert = " + cert, "key = " + key, "connect = 127.0.0.1:" + echo.port());
            try (Inetd inetd = new Inetd(conf, false, null)) {
                // openssl's handshake would fail on any stray byte before the server's TLS records.
                assertEquals("hello through inetd", Clients.opensslLine(inetd.port(), cert, "hello through inetd"));
                SluiceProcess.awaitLine(output, "LOG5\\[\\d+\\]: Connection closed", START_SECONDS, null);

                byte[] sent = new byte[300 * 1024 + 17];
                new Random(7).nextBytes(sent);
                byte[] received;
                long pid;
                try (Clients.Line line = Clients.tls(inetd.port(), cert, START_SECONDS)) {
                    SSLSocket socket = (SSLSocket) line.socket;
                    socket.setSoTimeout(START_SECONDS * 1000);
                    CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> readAll(socket));
                    OutputStream out = socket.getOutputStream();
                    out.write(sent);
                    out.flush();
                    pid = Long.parseLong(Files.readString(pidFile).trim());
                    socket.shutdownOutput(); // close_notify: the echo server sees EOF and closes
                    received = echoed.get(START_SECONDS, TimeUnit.SECONDS);
                }
                assertArrayEquals("same bytes back, in order", sha256(sent), sha256(received));
                assertEquals(sent.length, received.length);
                // the process ends with its connection (a join that times out fails the test)
                ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(30, TimeUnit.SECONDS).join());
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
                assertFalse("the pid file is removed", Files.exists(pidFile));

                String size = String.valueOf(sent.length);
                Matcher closed = SluiceProcess.awaitLine(output, "LOG5\\[(\\d+)\\]: Connection closed: " + size
                        + " byte\\(s\\) sent to TLS, " + size + " byte\\(s\\) sent to socket", 10, null);
                String log = SluiceProcess.read(output);
                assertTrue(log, log.contains("LOG5[ui]: Configuration successful"));
                // a socketpair has no address: stunnel 5.68 says "unnamed socket" (observed on a Unix socket)
                assertTrue(log, log.contains("LOG5[" + closed.group(1) + "]: Service [inetd-echo] accepted connection"
                        + " from unnamed socket\n"));
                assertTrue(log, log.contains("LOG6[" + closed.group(1) + "]: TLS accepted: new session negotiated"));
                for (String logLine : log.split("\n")) {
                    assertTrue("stunnel's layout: " + logLine, StunnelLauncherIT.STUNNEL_LINE.matcher(logLine).matches());
                    assertFalse("no payload in the log: " + logLine, logLine.contains("hello through inetd"));
                }
                assertEquals("socat said nothing: the process wrote nothing to stderr", "", inetd.stderr());
            }
        }
    }

    @Test
    public void clientModeTakesPlaintextThatArrivedBeforeTheJvmWasUpAndVerifiesTheTlsServer() throws Exception {
        String serverPort = KarafOptions.freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-cert", cert.toString(), "-key", key.toString(), "-rev", "-quiet")
                .redirectErrorStream(true).redirectOutput(tmp.getRoot().toPath().resolve("s_server.log").toFile()).start();
        try {
            awaitListening(Integer.parseInt(serverPort), server);
            // foreground = yes: stunnel's log on standard error (socat's here), to its last line
            Path conf = write(tmp.getRoot().toPath().resolve("client.conf"), "foreground = yes", "debug = info",
                    "client = yes", "connect = 127.0.0.1:" + serverPort, "CAfile = " + cert, "verifyChain = yes",
                    "checkHost = localhost");
            // socat's default EXEC hands over a socketpair (a socket); with pipes the JVM reads fd 0 and writes
            // the caller's stdout that bin/sluice kept aside.
            for (boolean pipes : new boolean[] {false, true}) {
                try (Inetd inetd = new Inetd(conf, pipes, null); Socket plain = new Socket(InetAddress.getLoopbackAddress(),
                        inetd.port())) {
                    long start = System.nanoTime();
                    plain.getOutputStream().write("hello inetd\n".getBytes(StandardCharsets.US_ASCII)); // before Karaf is up
                    plain.setSoTimeout(START_SECONDS * 1000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
                    assertEquals("s_server -rev answers over TLS", "dteni olleh", in.readLine());
                    System.out.printf("inetd client mode (%s): connect to first byte back %d ms%n", pipes ? "pipes" : "socketpair",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    plain.shutdownOutput();
                    assertEquals("the end of the connection reaches the client", null, in.readLine());
                    SluiceProcess.awaitLine(inetd.stderrFile(), "LOG5\\[\\d+\\]: Connection closed: 12 byte\\(s\\) sent to TLS,"
                            + " 12 byte\\(s\\) sent to socket", 30, null);
                    SluiceProcess.awaitLine(inetd.stderrFile(), "LOG6\\[\\d+\\]: TLS connected: new session negotiated", 5, null);
                }
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Without output, in inetd mode (whatever foreground = no or quiet say), the log goes to syslog, never stdout or stderr. */
    @Test
    public void withoutOutputTheLogGoesToSyslogUnderTheServiceName() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("log.sock");
        Path received = tmp.getRoot().toPath().resolve("syslog.txt");
        Process receiver = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT")
                .redirectOutput(received.toFile()).start();
        try (Backend backend = new Backend("sys")) {
            while (!Files.exists(socket)) {
                Thread.sleep(20);
            }
            Path conf = write(tmp.getRoot().toPath().resolve("syslogged.conf"), "debug = local2.notice",
                    "service = inetd-sys", "foreground = quiet", "cert = " + cert, "key = " + key,
                    "connect = 127.0.0.1:" + backend.port());
            try (Inetd inetd = new Inetd(conf, false, socket)) {
                try (Clients.Line line = Clients.tls(inetd.port(), cert, START_SECONDS)) {
                    assertEquals("sys:through", line.ask("through"));
                }
                // local2 is facility 18: notice (5) is <149>; RFC 3164 from logger: <PRI>TIME IDENT[PID]: MESSAGE
                SluiceProcess.awaitLine(received, "<149>[^<]* inetd-sys\\[\\d+\\]: LOG5\\[\\d+\\]: Service \\[inetd-sys\\]"
                        + " accepted connection from unnamed socket", 30, null);
                SluiceProcess.awaitLine(received, "<149>[^<]* inetd-sys\\[\\d+\\]: LOG5\\[ui\\]: Configuration successful",
                        5, null);
                assertEquals("nothing on stderr", "", inetd.stderr());
            }
        } finally {
            receiver.destroyForcibly();
        }
    }

    @Test
    public void aBrokenInetdFileGivesStunnelsErrorOnStderrStatus1AndNothingOnStdout() throws Exception {
        Path bad = write(tmp.getRoot().toPath().resolve("bad.conf"), "cert = " + cert, "accept = 8443",
                "connect = 127.0.0.1:9");
        Process process = new ProcessBuilder(home.resolve("bin/sluice").toString(), bad.toString()).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertEquals("[!] Inetd mode: " + bad + ":2: \"accept = 8443\": 'accept' option is only allowed in a [section]\n"
                + "[!] Configuration failed\n", stderr);
        assertEquals(0, stdout.get(5, TimeUnit.SECONDS).length);

        Path none = write(tmp.getRoot().toPath().resolve("none.conf"), "client = yes");
        Process again = new ProcessBuilder(home.resolve("bin/sluice").toString(), none.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals("[!] Inetd mode: " + none + ": Inetd mode must define one endpoint\n[!] Configuration failed\n",
                new String(again.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, again.exitValue());
    }

    @Test
    public void connectionsAtOnceGetProcessesAndDirectoriesOfTheirOwn() throws Exception {
        try (Backend backend = new Backend("many")) {
            Path conf = write(tmp.getRoot().toPath().resolve("many.conf"), "cert = " + cert, "key = " + key,
                    "connect = 127.0.0.1:" + backend.port());
            try (Inetd inetd = new Inetd(conf, false, null)) {
                List<CompletableFuture<String>> answers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String text = "at once " + i;
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try (Clients.Line line = Clients.tls(inetd.port(), cert, 2 * START_SECONDS)) {
                            return line.ask(text);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals("many:at once " + i, answers.get(i).get(2 * START_SECONDS, TimeUnit.SECONDS));
                }
                try (Stream<Path> dirs = Files.list(home.resolve("data/stunnel"))) {
                    long own = dirs.filter(dir -> dir.getFileName().toString().contains("many.conf")).count();
                    assertTrue("one directory per process running at the same time: " + own, own >= 2);
                }
            }
        }
    }

    private static void awaitListening(int port, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("not listening on " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static byte[] readAll(Socket socket) {
        try {
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /** socat as inetd: a process of bin/sluice FILE per accepted connection, on the connection's socket (or pipes). */
    private final class Inetd implements AutoCloseable {
        private final Process socat;
        private final int port;
        private final Path stderr;

        Inetd(Path conf, boolean pipes, Path syslogSocket) throws Exception {
            port = Integer.parseInt(KarafOptions.freePort());
            stderr = tmp.getRoot().toPath().resolve("socat-" + port + ".err");
            ProcessBuilder builder = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "EXEC:" + home.resolve("bin/sluice") + " " + conf + (pipes ? ",pipes" : ""))
                    .redirectErrorStream(true).redirectOutput(stderr.toFile());
            if (syslogSocket != null) {
                builder.environment().put("SLUICE_SYSLOG_SOCKET", syslogSocket.toString());
            }
            socat = builder.start();
            awaitListening(port, socat);
        }

        int port() {
            return port;
        }

        Path stderrFile() {
            return stderr;
        }

        /** What socat and the processes it started wrote to standard error. */
        String stderr() throws IOException {
            return SluiceProcess.read(stderr);
        }

        @Override
        public void close() throws InterruptedException {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A plaintext byte echo: every byte back, the end of input as the end of output. */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Echo() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread serve = new Thread(() -> {
                            try (socket) {
                                socket.getInputStream().transferTo(socket.getOutputStream());
                                socket.shutdownOutput();
                            } catch (IOException e) {
                                // the peer went away
                            }
                        }, "echo-conn");
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "echo");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
