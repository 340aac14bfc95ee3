package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bin/sluice stunnel.conf} run as a stunnel user runs {@code stunnel stunnel.conf}: files
 * written the way operators write them, data through every service, stunnel's log lines and exit
 * statuses, signals, the background mode, and several processes from one installation at once.
 */
public class StunnelLauncherIT {

    /** Every line stunnel writes to stderr or its output file once the configuration is read. */
    static final Pattern STUNNEL_LINE = Pattern.compile(
            "\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2} LOG[0-7]\\[(ui|main|\\d+)\\]: .+");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-launcher-it", "DNS:localhost,IP:127.0.0.1,IP:::1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    @Test
    public void runsAMailAndWebConfigurationWithIncludesIpv6AndAStunnelPeer() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        boolean ipv6 = Files.readString(Path.of("/proc/net/if_inet6")).contains(" lo");
        try (Backend mta = new Backend("mta", "220 mta.example ESMTP"); Backend web = new Backend("web");
                Backend ext = new Backend("ext"); StunnelPeer peer = new StunnelPeer(ext.port())) {
            Path includes = Files.createDirectories(tmp.getRoot().toPath().resolve("conf.d"));
            write(includes.resolve("20-web.conf"), "[web]", "accept = " + (ipv6 ? "::1:0" : "127.0.0.1:0"),
                    "connect = 127.0.0.1:" + web.port());
            Path conf = write(tmp.getRoot().toPath().resolve("stunnel.conf"),
                    "; mail and web behind TLS, as in stunnel's own examples", "foreground = yes", "debug = 6",
                    "cert = " + cert, "key = " + key, "ciphers = HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK", "TIMEOUTclose = 0", "",
                    "[smtps]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + mta.port(), "",
                    "[out]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + peer.port(),
                    "CAfile = " + cert, "verifyChain = yes", "",
                    "[wrongname]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + peer.port(),
                    "CAfile = " + cert, "verifyChain = yes", "checkHost = other.example", "",
                    "include = " + includes);
            Path log = tmp.getRoot().toPath().resolve("stderr.log");
            try (SluiceProcess sluice = SluiceProcess.start(home, log, conf.toString())) {
                int smtps = sluice.boundPort("smtps");
                try (Clients.Line line = Clients.tls(smtps, cert)) {
                    assertEquals("220 mta.example ESMTP", line.readLine());
                    assertEquals("mta:EHLO client.example", line.ask("EHLO client.example"));
                }
                try (Clients.Line line = ipv6 ? Clients.tlsTo(InetAddress.getByName("::1"), sluice.boundPort("web"), cert)
                        : Clients.tls(sluice.boundPort("web"), cert)) {
                    assertEquals("web:over " + (ipv6 ? "IPv6" : "IPv4"), line.ask("over " + (ipv6 ? "IPv6" : "IPv4")));
                }
                try (Clients.Line line = Clients.plain(sluice.boundPort("out"))) {
                    assertEquals("ext:through stunnel4", line.ask("through stunnel4"));
                }
                // The smtps connection: greeting (23) + answer (24) went into TLS, "EHLO client.example\n" (20) to the MTA.
                Matcher closed = sluice.awaitLine("LOG5\\[(\\d+)\\]: Connection closed: 47 byte\\(s\\) sent to TLS, "
                        + "20 byte\\(s\\) sent to socket", 30);
                String id = closed.group(1);
                sluice.awaitLine("LOG5\\[" + id + "\\]: Service \\[smtps\\] accepted connection from 127\\.0\\.0\\.1:\\d+", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: TLS accepted: new session negotiated", 5);
                sluice.awaitLine("LOG5\\[" + id + "\\]: Service \\[smtps\\] connected remote server from 127\\.0\\.0\\.1:\\d+", 5);
                sluice.awaitLine("LOG6\\[\\d+\\]: TLS connected: new session negotiated", 5);
                // verifyChain against the peer's self-signed certificate: the chain is that one certificate.
                sluice.awaitLine("LOG5\\[\\d+\\]: Certificate accepted at depth=0: CN=localhost$", 5);
                try (Clients.Line line = Clients.plain(sluice.boundPort("wrongname"))) {
                    assertEquals("a server with another name is refused (reset = yes)", "reset", Clients.end(line.socket));
                }
                sluice.awaitLine("LOG4\\[\\d+\\]: Rejected by CERT at depth=0: CN=localhost$", 5);
                sluice.awaitLine("LOG5\\[ui\\]: Configuration successful", 5);
                sluice.awaitLine("LOG6\\[ui\\]: Accepting new connections", 5);

                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
                sluice.awaitLine("LOG5\\[ui\\]: Terminated", 5);
                for (String line : sluice.log().split("\n")) {
                    assertTrue("stunnel's layout: " + line, STUNNEL_LINE.matcher(line).matches());
                }
            }
        }
    }

    /**
     * stunnel's socks server section has no connect (the request names the target): curl through a
     * client section to it, and a socks client section (protocolHost) through it to a line backend.
     */
    @Test
    public void socksServerSectionWithoutConnectAndASocksClientSection() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        http.createContext("/", exchange -> {
            byte[] body = "from the target".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        String socksPort = KarafOptions.freePort();
        try (Backend lines = new Backend("lines")) {
            int web = http.getAddress().getPort();
            Path conf = write(tmp.getRoot().toPath().resolve("socks.conf"), "foreground = yes", "debug = 7", "",
                    "[socks]", "accept = 127.0.0.1:" + socksPort, "cert = " + cert, "key = " + key, "protocol = socks",
                    "protocolAllow = localhost:" + web + ", localhost:" + lines.port(), "",
                    "[to-socks]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + socksPort,
                    "CAfile = " + cert, "verifyChain = yes", "",
                    "[socks-out]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + socksPort,
                    "CAfile = " + cert, "verifyChain = yes", "protocol = socks", "protocolHost = localhost:" + lines.port());
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("socks-stderr.log"),
                    conf.toString())) {
                int toSocks = sluice.boundPort("to-socks");
                for (String socks : List.of("--socks5-hostname", "--socks4a")) {
                    Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "15", socks, "127.0.0.1:" + toSocks,
                            "http://localhost:" + web + "/").redirectErrorStream(true).start();
                    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
                    assertEquals(socks + ": " + out, 0, curl.exitValue());
                    assertEquals(socks, "from the target", out);
                }
                try (Clients.Line line = Clients.plain(sluice.boundPort("socks-out"))) {
                    assertEquals("lines:through the socks client", line.ask("through the socks client"));
                }
                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
            }
        } finally {
            http.stop(0);
        }
    }

    /** stunnel's TLS-PSK: a PSK server section without cert, and a PSK client section reaching it, on one secrets file. */
    @Test
    public void pskSectionsServeOpensslAndEachOtherWithoutCertificates() throws Exception {
        String hexKey = "00112233445566778899aabbccddeeff";
        Path secrets = write(tmp.getRoot().toPath().resolve("psk.txt"), "branch:" + hexKey, "hq:a long enough passphrase");
        String serverPort = KarafOptions.freePort();
        try (Backend backend = new Backend("psk")) {
            Path conf = write(tmp.getRoot().toPath().resolve("psk.conf"), "foreground = yes", "debug = 6", "",
                    "[psk-in]", "accept = 127.0.0.1:" + serverPort, "connect = 127.0.0.1:" + backend.port(),
                    "PSKsecrets = " + secrets, "",
                    "[psk-out]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + serverPort,
                    "PSKsecrets = " + secrets, "PSKidentity = hq");
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("psk-stderr.log"),
                    conf.toString())) {
                int in = sluice.boundPort("psk-in");
                int out = sluice.boundPort("psk-out");
                assertEquals("psk:from openssl", Clients.opensslPskLine(in, "branch", hexKey, "from openssl"));
                try (Clients.Line line = Clients.plain(out)) {
                    assertEquals("psk:through both sections", line.ask("through both sections"));
                }
                sluice.awaitLine("LOG5\\[\\d+\\]: Key configured for PSK identity \"branch\"", 10);
                sluice.awaitLine("LOG5\\[\\d+\\]: Key configured for PSK identity \"hq\"", 10);
                Matcher psk = sluice.awaitLine("LOG6\\[(\\d+)\\]: TLS accepted: PSK$", 10);
                // stunnel's next line, then Sluice's own
                sluice.awaitLine("LOG6\\[" + psk.group(1) + "\\]: TLSv1\\.3 ciphersuite: TLS_AES_\\d+_GCM_SHA\\d+"
                        + " \\(\\d+-bit encryption\\)$", 10);
                sluice.awaitLine("LOG6\\[" + psk.group(1) + "\\]: PSK identity: (branch|hq)$", 10);
                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
            }
        }
    }

    @Test
    public void sighupReloadsUnderLiveTrafficUsr1ReopensTheLogUsr2ListsConnections() throws Exception {
        Path output = tmp.getRoot().toPath().resolve("sluice.log");
        Path pidFile = tmp.getRoot().toPath().resolve("sluice.pid");
        try (Backend first = new Backend("first"); Backend second = new Backend("second")) {
            Path conf = tmp.getRoot().toPath().resolve("reload.conf");
            // debug = info: stunnel logs the bound-to lines that tell the ports at LOG6
            String[] head = {"foreground = yes", "debug = info", "output = " + output, "pid = " + pidFile, "cert = " + cert,
                "key = " + key};
            write(conf, head, "[a]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + first.port());
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("stderr.log"),
                    conf.toString())) {
                int a = Integer.parseInt(SluiceProcess.awaitLine(output, "Service \\[a\\] \\(FD=\\d+\\) bound to \\S+:(\\d+)", 60,
                        null).group(1));
                assertEquals(sluice.pid() + "\n", Files.readString(pidFile));
                try (Clients.Line open = Clients.tls(a, cert)) {
                    assertEquals("first:before", open.ask("before"));

                    write(conf, head, "[a]", "accept = 127.0.0.1:" + a, "connect = 127.0.0.1:" + second.port(), "",
                            "[b]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + second.port());
                    sluice.signal("HUP");
                    int b = Integer.parseInt(SluiceProcess.awaitLine(output, "Service \\[b\\] \\(FD=\\d+\\) bound to \\S+:(\\d+)", 30,
                            null).group(1));
                    SluiceProcess.awaitLine(output, "Service \\[a\\] server mode, TLS by openssl, connecting 127\\.0\\.0\\.1:"
                            + second.port() + "$", 30, null);
                    assertEquals("the open connection keeps its settings", "first:after", open.ask("after"));
                    try (Clients.Line fresh = Clients.tls(a, cert)) {
                        assertEquals("second:new", fresh.ask("new"));
                    }
                    try (Clients.Line fresh = Clients.tls(b, cert)) {
                        assertEquals("second:b", fresh.ask("b"));
                    }

                    Files.writeString(conf, Files.readString(conf) + "engine = auto\n");
                    sluice.signal("HUP");
                    SluiceProcess.awaitLine(output, "LOG3\\[ui\\]: Failed to reload the configuration file", 30, null);
                    try (Clients.Line fresh = Clients.tls(a, cert)) {
                        assertEquals("a broken file keeps the services", "second:still", fresh.ask("still"));
                    }

                    sluice.signal("USR2");
                    SluiceProcess.awaitLine(output, "LOG0\\[ui\\]: Active connection \\d+: Service \\[a\\], "
                            + "25 byte\\(s\\) sent to TLS, 13 byte\\(s\\) sent to socket", 10, null);
                    SluiceProcess.awaitLine(output, "LOG0\\[ui\\]: Listed 1 active connection\\(s\\)", 10, null);
                }

                Path rotated = tmp.getRoot().toPath().resolve("sluice.log.1");
                Files.move(output, rotated);
                sluice.signal("USR1");
                SluiceProcess.awaitLine(output, "LOG5\\[ui\\]: Log file reopened", 10, null);
                assertTrue(SluiceProcess.read(rotated).contains("Configuration successful"));

                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
                assertFalse("the pid file is removed", Files.exists(pidFile));
                assertEquals("nothing on stderr with an output file", "", sluice.log());
            }
        }
    }

    /**
     * Start time: the first JVM of an installation dumps a class data sharing archive at exit, and
     * every later one maps it (bench/README.md, change 7). Mapped means the archive is in the
     * process's memory map; with Karaf's own bin/karaf (java.base patched) it never is.
     */
    @Test
    public void laterStartsMapTheClassDataSharingArchiveAnEarlierOneWrote() throws Exception {
        Path conf = tmp.getRoot().toPath().resolve("cds.conf");
        write(conf, new String[] {"foreground = yes", "debug = info", "cert = " + cert, "key = " + key},
                "[cds]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9");
        for (int start = 1; start <= 2; start++) {
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("cds" + start + ".log"),
                    conf.toString())) {
                sluice.boundPort("cds");
                String maps = Files.readString(Path.of("/proc/" + sluice.pid() + "/maps"));
                boolean mapped = maps.matches("(?s).*/data/stunnel/cds/karaf-\\d+-[0-9a-f]{16}\\.jsa\n.*");
                if (start == 2) {
                    assertTrue("the second start maps the archive:\n" + maps.lines()
                            .filter(line -> line.contains(".jsa")).collect(Collectors.joining("\n")), mapped);
                }
                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(60));
            }
        }
    }

    /**
     * Under nohup (or a service manager that ignores HUP) the JVM would install no handler for an
     * ignored HUP; bin/sluice starts it with HUP's default disposition, so HUP still reloads, as with
     * stunnel.
     */
    @Test
    public void hupReloadsEvenWhenStartedUnderNohup() throws Exception {
        Path conf = tmp.getRoot().toPath().resolve("nohup.conf");
        String[] head = {"foreground = yes", "debug = info", "cert = " + cert, "key = " + key};
        write(conf, head, "[one]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9");
        Path log = tmp.getRoot().toPath().resolve("nohup.log");
        Process process = new ProcessBuilder("nohup", home.resolve("bin/sluice").toString(), conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            SluiceProcess.awaitLine(log, "Service \\[one\\] \\(FD=\\d+\\) bound to", 60, process);
            assertFalse(SluiceProcess.read(log), SluiceProcess.read(log).contains("SIGHUP is ignored"));
            write(conf, head, "[one]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9", "",
                    "[two]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9");
            assertEquals(0, new ProcessBuilder("kill", "-s", "HUP", String.valueOf(process.pid())).start().waitFor());
            SluiceProcess.awaitLine(log, "Service \\[two\\] \\(FD=\\d+\\) bound to", 30, process);
        } finally {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    public void theBackgroundModeReturnsOnceBoundBesideAForegroundProcessOfTheSameInstallation() throws Exception {
        Path output = tmp.getRoot().toPath().resolve("daemon.log");
        Path pidFile = tmp.getRoot().toPath().resolve("daemon.pid");
        try (Backend one = new Backend("one"); Backend two = new Backend("two")) {
            Path foreground = write(tmp.getRoot().toPath().resolve("fg.conf"), "foreground = yes", "debug = info", "cert = " + cert,
                    "key = " + key, "[fg]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + one.port());
            Path daemon = write(tmp.getRoot().toPath().resolve("daemon.conf"), "pid = " + pidFile, "output = " + output, "debug = info",
                    "cert = " + cert, "key = " + key, "[daemon]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + two.port());
            try (SluiceProcess fg = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("fg.log"), foreground.toString())) {
                int fgPort = fg.boundPort("fg");
                Process started = new ProcessBuilder(home.resolve("bin/sluice").toString(), daemon.toString())
                        .redirectErrorStream(true).start();
                String said = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(started.waitFor(120, TimeUnit.SECONDS));
                assertEquals("returns 0 once bound: " + said, 0, started.exitValue());
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                int daemonPort = Integer.parseInt(SluiceProcess.awaitLine(output, "Service \\[daemon\\] \\(FD=\\d+\\) bound to \\S+:(\\d+)",
                        5, null).group(1));
                try (Clients.Line a = Clients.tls(fgPort, cert); Clients.Line b = Clients.tls(daemonPort, cert)) {
                    assertEquals("one:x", a.ask("x"));
                    assertEquals("two:y", b.ask("y"));
                }
                SluiceProcess.awaitLine(output, "LOG6\\[main\\]: Accepting new connections", 5, null);
                run("kill", String.valueOf(pid));
                ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(30, TimeUnit.SECONDS).join());
                SluiceProcess.awaitLine(output, "LOG5\\[main\\]: Terminated", 10, null);
                assertFalse(Files.exists(pidFile));
                try (Clients.Line a = Clients.tls(fgPort, cert)) {
                    assertEquals("the other process is untouched", "one:z", a.ask("z"));
                }
            }
        }
    }

    /**
     * stunnel's syslog: a background process without output logs there, each line with its level
     * and the facility of debug, ident service and the process's pid. socat is the syslog socket.
     */
    @Test
    public void theBackgroundModeWithoutOutputLogsToSyslog() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("log.sock");
        Path pidFile = tmp.getRoot().toPath().resolve("syslogged.pid");
        Process receiver = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT").start();
        try (Backend backend = new Backend("sys")) {
            while (!Files.exists(socket)) {
                Thread.sleep(20);
            }
            Path conf = write(tmp.getRoot().toPath().resolve("syslogged.conf"), "pid = " + pidFile,
                    "debug = local2.info", "service = tunnels", "cert = " + cert, "key = " + key,
                    "[syslogged]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/sluice").toString(), conf.toString())
                    .redirectErrorStream(true);
            builder.environment().put("SLUICE_SYSLOG_SOCKET", socket.toString());
            Process started = builder.start();
            String said = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(started.waitFor(120, TimeUnit.SECONDS));
            assertEquals("returns 0 once bound: " + said, 0, started.exitValue());
            assertTrue(said, said.contains("[.] Logging to syslog (local2, ident tunnels)"));
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            // local2 is facility 18: info (6) is <150>, notice (5) <149>; RFC 3164 from logger: <PRI>TIME IDENT[PID]: MESSAGE
            String bound = awaitDatagram(receiver, "<150>[^<]* tunnels\\[" + pid
                    + "\\]: LOG6\\[main\\]: Service \\[syslogged\\] \\(FD=\\d+\\) bound to \\S+:(\\d+)");
            int port = Integer.parseInt(bound.replaceAll("(?s).*bound to \\S+:(\\d+).*", "$1"));
            try (Clients.Line line = Clients.tls(port, cert)) {
                assertEquals("sys:x", line.ask("x"));
            }
            awaitDatagram(receiver, "<149>[^<]* tunnels\\[" + pid + "\\]: LOG5\\[\\d+\\]: Service \\[syslogged\\]"
                    + " accepted connection from 127\\.0\\.0\\.1:\\d+");
            run("kill", String.valueOf(pid));
            ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            awaitDatagram(receiver, "<149>[^<]* tunnels\\[" + pid + "\\]: LOG5\\[main\\]: Terminated");
        } finally {
            receiver.destroyForcibly();
        }
    }

    /** What socat received so far, once a datagram matching the pattern is among it (30 s at most). */
    private final StringBuilder datagrams = new StringBuilder();

    private String awaitDatagram(Process receiver, String pattern) throws Exception {
        Pattern wanted = Pattern.compile(pattern);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] buffer = new byte[8192];
        while (true) {
            for (String datagram : datagrams.toString().split("(?=<\\d{1,3}>)")) {
                if (wanted.matcher(datagram).find()) {
                    return datagram;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no syslog datagram matching " + pattern + " in:\n" + datagrams);
            }
            int available = receiver.getInputStream().available();
            if (available == 0) {
                Thread.sleep(50);
                continue;
            }
            int n = receiver.getInputStream().read(buffer, 0, Math.min(buffer.length, available));
            datagrams.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    @Test
    public void configurationErrorsEndWithStunnelsWordsAndStatus1() throws Exception {
        Path bad = write(tmp.getRoot().toPath().resolve("bad.conf"), "[a]", "accept = 1");
        Process process = new ProcessBuilder(home.resolve("bin/sluice").toString(), bad.toString())
                .redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertEquals("[!] Service [a]: " + bad + ":1: \"[a]\": Each service must define two endpoints\n"
                + "[!] Service [a]: " + bad + ":1: \"[a]\": TLS server needs a certificate\n"
                + "[!] Configuration failed\n", said);

        // Readable, but the certificate it names is not there: found when the service starts.
        Path missing = tmp.getRoot().toPath().resolve("missing.pem");
        Path late = write(tmp.getRoot().toPath().resolve("late.conf"), "foreground = yes", "cert = " + missing,
                "key = " + key, "[a]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9");
        try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("late.log"), late.toString())) {
            assertEquals(1, sluice.awaitExit(120));
            String log = sluice.log();
            assertTrue(log, log.contains("LOG3[ui]: Service [a]: ") && log.contains(missing.toString()));
            assertTrue(log, log.contains("LOG3[ui]: Configuration failed"));
        }
    }

    @Test
    public void versionAndHelpPrintToStandardErrorWithStatus0() throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/sluice").toString(), "-version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String said = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(said, said.startsWith("Sluice 0.1.0-SNAPSHOT on Java "));
        assertTrue(said, said.contains("bc (Bouncy Castle BCJSSE 1."));
    }

    @Test
    public void secondaryServicesAreChosenByTheServerNameTheClientAsksFor() throws Exception {
        Path shopCert = installation.root().resolve("shop-cert.pem");
        Path shopKey = installation.root().resolve("shop-key.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", shopKey.toString(), "-out", shopCert.toString(), "-days", "2", "-subj", "/CN=shop.example",
                "-addext", "subjectAltName=DNS:shop.example,DNS:*.shop.example");
        try (Backend web = new Backend("web"); Backend shop = new Backend("shop")) {
            Path conf = write(tmp.getRoot().toPath().resolve("sni.conf"), "foreground = yes", "debug = 7",
                    "cert = " + cert, "key = " + key, "",
                    "[https]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + web.port(), "",
                    "[shop]", "sni = https:shop.example", "sni = https:*.shop.example", "cert = " + shopCert,
                    "key = " + shopKey, "connect = 127.0.0.1:" + shop.port());
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("sni.log"), conf.toString())) {
                int port = sluice.boundPort("https");
                sluice.awaitLine("Service \\[shop\\] serves server names \\[shop\\.example, \\*\\.shop\\.example\\]", 10);
                assertEquals("shop:hello", Clients.opensslLineAs(port, "shop.example", shopCert, "hello"));
                assertEquals("shop:wildcard", Clients.opensslLineAs(port, "www.shop.example", shopCert, "wildcard"));
                assertEquals("web:other", Clients.opensslLineAs(port, "localhost", cert, "other"));
                sluice.awaitLine("LOG5\\[\\d+\\]: SNI: switched to service \\[shop\\]", 5);
                sluice.awaitLine("LOG3\\[\\d+\\]: SNI: no pattern matched servername: localhost", 5);
            }
        }
    }

    @Test
    public void execServicesRunAProgramPerConnectionAndAnExecConnectProgramAgainAndAgain() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        try (Backend ext = new Backend("ext"); StunnelPeer peer = new StunnelPeer(ext.port())) {
            Path replies = tmp.getRoot().toPath().resolve("replies.txt");
            Path ping = write(tmp.getRoot().toPath().resolve("ping.sh"), "#!/bin/sh", "echo \"ping $1\"", "read reply",
                    "echo \"$reply\" >> " + replies);
            assertTrue(ping.toFile().setExecutable(true));
            Path conf = write(tmp.getRoot().toPath().resolve("exec.conf"), "foreground = yes", "debug = 6",
                    "cert = " + cert, "key = " + key, "",
                    "[cat]", "accept = 127.0.0.1:0", "exec = /bin/cat", "",
                    "[pinger]", "client = yes", "exec = " + ping, "execArgs = ping.sh from-sluice",
                    "connect = 127.0.0.1:" + peer.port(), "CAfile = " + cert, "verifyChain = yes", "retry = 300");
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("exec.log"), conf.toString())) {
                // local mode: /bin/cat per connection, behind TLS
                assertEquals("through cat", Clients.opensslLine(sluice.boundPort("cat"), cert, "through cat"));
                Matcher closed = sluice.awaitLine("LOG5\\[(\\d+)\\]: Connection closed: 12 byte\\(s\\) sent to TLS, "
                        + "12 byte\\(s\\) sent to socket", 30);
                String id = closed.group(1);
                Matcher started = sluice.awaitLine("LOG6\\[" + id + "\\]: Local mode child started \\(PID=(\\d+)\\)", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: Child process " + started.group(1) + " finished with code \\d+", 10);

                // exec+connect: the script's line goes over TLS to stunnel4 and its backend, the answer lands in a file;
                // each run is a new process, again 300 ms after the last one ended.
                long deadline = System.currentTimeMillis() + 30_000;
                while (SluiceProcess.read(replies).lines().count() < 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(SluiceProcess.read(replies), SluiceProcess.read(replies).lines().count() >= 3);
                for (String reply : SluiceProcess.read(replies).lines().toList()) {
                    assertEquals("ext:ping from-sluice", reply);
                }
                sluice.awaitLine("LOG6\\[\\d+\\]: Retrying an exec\\+connect section", 5);
                sluice.awaitLine("LOG6\\[\\d+\\]: Child process \\d+ finished with code 0", 5);
                sluice.awaitLine("LOG5\\[\\d+\\]: Connection closed: 17 byte\\(s\\) sent to TLS, 21 byte\\(s\\) sent to socket", 5);

                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
                for (String line : sluice.log().split("\n")) {
                    assertTrue("stunnel's layout: " + line, STUNNEL_LINE.matcher(line).matches());
                }
            }
        }
    }

    /** stunnel4 as the external TLS service the client-mode section reaches. */
    private final class StunnelPeer implements AutoCloseable {
        private final Process process;
        private final int port;

        StunnelPeer(int backend) throws Exception {
            port = Integer.parseInt(KarafOptions.freePort());
            Path conf = write(tmp.getRoot().toPath().resolve("peer.conf"), "foreground = yes", "pid =",
                    "[ext]", "accept = 127.0.0.1:" + port, "connect = 127.0.0.1:" + backend,
                    "cert = " + cert, "key = " + key);
            process = new ProcessBuilder("stunnel4", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.getRoot().toPath().resolve("peer.log").toFile()).start();
            long deadline = System.currentTimeMillis() + 15_000;
            while (true) {
                try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("stunnel4 did not start:\n"
                                + SluiceProcess.read(tmp.getRoot().toPath().resolve("peer.log")), e);
                    }
                    Thread.sleep(50);
                }
            }
        }

        int port() {
            return port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Path write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Path write(Path file, String[] head, String... lines) throws IOException {
        String[] all = new String[head.length + lines.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(lines, 0, all, head.length, lines.length);
        return write(file, all);
    }

    static boolean onPath(String binary) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String said = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(String.join(" ", command) + ": " + said, 0, process.waitFor());
        }
    }
}
