package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.onPath;
import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The lines that fail2ban filters and operators' scripts read, from {@code bin/sluice FILE} and from
 * Debian's stunnel4 given the same file and the same peers: each failed handshake's OpenSSL error
 * (provoked by openssl s_client or plaintext), for each TLS provider, and the {@code bound to} line
 * that ends at the address.
 */
public class StunnelFailureLinesIT {

    /** stunnel's TLS error line; group 2 is OpenSSL's source file and line, group 3 the error. */
    private static final Pattern SSL_ERROR = Pattern.compile(
            "LOG3\\[(\\d+)\\]: SSL_accept: (\\S+:\\d+): (error:[0-9A-F]{8}:SSL routines::.+)$");
    private static final String WRONG_KEY = "00112233445566778899aabbccddeefe";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-failure-it", "DNS:localhost,IP:127.0.0.1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    /** One way to fail a handshake: the section it is tried on, and what the peer does (s_client, or plaintext). */
    private record Case(String name, String section, List<String> sClient, String plaintext, String expected) {
        Case(String name, String section, List<String> sClient, String expected) {
            this(name, section, sClient, null, expected);
        }
    }

    @Test
    public void failedHandshakesCarryOpenSslsErrorAsStunnel4PrintsItForEveryProvider() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        Path pki = pki();
        List<Case> cases = List.of(
                new Case("no client certificate", "verify", List.of(),
                        "error:0A0000C7:SSL routines::peer did not return a certificate"),
                new Case("certificate of another CA", "verify", List.of("-cert", pki + "/stranger.pem", "-key",
                        pki + "/stranger.key"), "error:0A000086:SSL routines::certificate verify failed"),
                new Case("revoked certificate", "verify", List.of("-cert", pki + "/revoked.pem", "-key",
                        pki + "/revoked.key"), "error:0A000086:SSL routines::certificate verify failed"),
                new Case("no client certificate, TLS 1.2", "verify", List.of("-tls1_2"),
                        "error:0A0000C7:SSL routines::peer did not return a certificate"),
                new Case("plaintext", "tls13", null, "hello, plain text\n",
                        "error:0A00010B:SSL routines::wrong version number"),
                new Case("plaintext HTTP", "tls13", null, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                        "error:0A00009C:SSL routines::http request"),
                new Case("TLS 1.2 to a TLS 1.3 server", "tls13", List.of("-tls1_2"),
                        "error:0A000102:SSL routines::unsupported protocol"),
                new Case("no common suite", "suite", List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                        "error:0A0000C1:SSL routines::no shared cipher"),
                new Case("another pre-shared key, TLS 1.3", "psk", List.of("-tls1_3", "-psk_identity", "branch", "-psk",
                        WRONG_KEY), "error:0A0000FD:SSL routines::binder does not verify"),
                new Case("another pre-shared key, TLS 1.2", "psk", List.of("-tls1_2", "-psk_identity", "branch", "-psk",
                        WRONG_KEY), "error:0A000119:SSL routines::decryption failed or bad record mac"));

        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("verify", List.of("cert = " + cert, "key = " + key, "verifyChain = yes", "CAfile = " + pki + "/ca.pem",
                "CRLfile = " + pki + "/crl.pem"));
        sections.put("tls13", List.of("cert = " + cert, "key = " + key, "sslVersion = TLSv1.3"));
        sections.put("suite", List.of("cert = " + cert, "key = " + key, "sslVersion = TLSv1.2",
                "ciphers = ECDHE-ECDSA-AES256-GCM-SHA384"));
        sections.put("psk", List.of("PSKsecrets = " + write(tmp.getRoot().toPath().resolve("psk.txt"),
                "branch:00112233445566778899aabbccddeeff")));

        List<String> stunnel = run(cases, List.of("stunnel4"), file("stunnel4", sections, null), "stunnel4", null);
        for (String provider : List.of("jsse", "bc", "openssl")) {
            List<String> sluice = run(cases, List.of(home.resolve("bin/sluice").toString()),
                    file("sluice-" + provider, sections, provider), "sluice-" + provider, provider);
            assertEquals("the OpenSSL errors and closing lines of Sluice on " + provider + " and of stunnel4, case by case",
                    stunnel, sluice);
        }
    }

    /** A build without FIPS refuses {@code fips = yes} in stunnel's words (options.c), before anything starts. */
    @Test
    public void fipsYesIsRefusedAsAStunnelWithoutFipsRefusesIt() throws Exception {
        Path conf = write(tmp.getRoot().toPath().resolve("fips.conf"), "fips = yes", "[web]", "accept = 127.0.0.1:0",
                "connect = 127.0.0.1:9", "cert = " + cert, "key = " + key);
        Process process = new ProcessBuilder(home.resolve("bin/sluice").toString(), conf.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertEquals("[!] Global options: " + conf + ":1: \"fips = yes\": FIPS support is not available\n"
                + "[!] Configuration failed\n", stderr);
    }

    /**
     * inetd mode: a client that fails its handshake ends the process (status 0) while standard input
     * is still open, for stunnel4 and Sluice alike, with the lines in stunnel's order. Standard input
     * is a pipe: no address ("accepted connection" alone), and OpenSSL answers plaintext with no
     * alert: nothing on standard output, and the connection is reset.
     */
    @Test
    public void inetdModeEndsWithAFailedHandshakeAsStunnel4Does() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        Path conf = write(tmp.getRoot().toPath().resolve("inetd.conf"), "foreground = yes", "debug = info",
                "cert = " + cert, "key = " + key, "connect = 127.0.0.1:9");
        for (String program : List.of("stunnel4", home.resolve("bin/sluice").toString())) {
            Path log = tmp.getRoot().toPath().resolve(Path.of(program).getFileName() + "-inetd.log");
            Path stdout = tmp.getRoot().toPath().resolve(Path.of(program).getFileName() + "-inetd.out");
            Process process = new ProcessBuilder(program, conf.toString()).redirectError(log.toFile())
                    .redirectOutput(stdout.toFile()).start();
            OutputStream stdin = process.getOutputStream();
            try {
                stdin.write("hello, plain text\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                // standard input stays open: the end of the connection's handshake ends the process
                assertTrue(program + " ends with its failed connection\n" + SluiceProcess.read(log),
                        process.waitFor(90, TimeUnit.SECONDS));
                assertEquals(program + "\n" + SluiceProcess.read(log), 0, process.exitValue());
            } finally {
                process.destroyForcibly();
                try {
                    stdin.close();
                } catch (IOException e) {
                    // the process is gone and its pipe with it
                }
            }
            String text = SluiceProcess.read(log);
            assertInOrder(program, text, "LOG5\\[ui\\]: Configuration successful$",
                    "LOG5\\[\\d+\\]: Service \\[stunnel\\] accepted connection$",
                    "LOG3\\[\\d+\\]: SSL_accept: \\S+:\\d+: error:0A00010B:SSL routines::wrong version number$",
                    "LOG5\\[\\d+\\]: Connection reset: 0 byte\\(s\\) sent to TLS, 0 byte\\(s\\) sent to socket$");
            assertEquals(program + ": no byte on standard output", 0, Files.size(stdout));
        }
    }

    /**
     * A port in use at start: stunnel 5.68 says which address and why, that the service failed, and
     * ends with status 1 (observed). Its file being fine, "Configuration successful" comes first;
     * stunnel prints these on stderr with its "[.]" marks, Sluice as log lines of the same levels.
     */
    @Test
    public void aPortInUseAtStartEndsWithStatusOneAndStunnelsLines() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        try (java.net.ServerSocket occupied = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = occupied.getLocalPort();
            Path conf = write(tmp.getRoot().toPath().resolve("busy.conf"), "foreground = yes", "pid =",
                    "cert = " + cert, "key = " + key, "[busy]", "accept = 127.0.0.1:" + port, "connect = 127.0.0.1:9");
            for (String program : List.of("stunnel4", home.resolve("bin/sluice").toString())) {
                Path log = tmp.getRoot().toPath().resolve(Path.of(program).getFileName() + "-busy.log");
                Process process = new ProcessBuilder(program, conf.toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                try {
                    assertTrue(program + " ends\n" + SluiceProcess.read(log), process.waitFor(90, TimeUnit.SECONDS));
                } finally {
                    process.destroyForcibly();
                }
                String text = SluiceProcess.read(log);
                assertEquals(program + "\n" + text, 1, process.exitValue());
                assertInOrder(program, text, "(\\[\\.\\] |LOG5\\[ui\\]: )Configuration successful$",
                        "(\\[\\.\\] |LOG5\\[ui\\]: )Binding service \\[busy\\] to 127\\.0\\.0\\.1:" + port
                                + ": Address already in use \\(98\\)$",
                        "(\\[!\\] |LOG3\\[ui\\]: )Binding service \\[busy\\] failed$");
                assertFalse(program + "\n" + text, text.contains("Accepting new connections"));
            }
        }
    }

    /**
     * An exec+connect service beside an accepting one: stunnel's order (verdict, binding, accepting,
     * then the program's connection), and the process stays when that connection ends, as stunnel4's.
     */
    @Test
    public void execConnectStartsAfterConfigurationAndItsEndLeavesTheProcessRunningAsStunnel4s() throws Exception {
        assertTrue("stunnel4 is not installed (Debian package stunnel4; .ci/run installs it)", onPath("stunnel4"));
        String serverPort = KarafOptions.freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + serverPort, "-cert",
                cert.toString(), "-key", key.toString(), "-quiet", "-rev").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(Integer.parseInt(serverPort)); // else the program's one connection may come first
            Path conf = write(tmp.getRoot().toPath().resolve("exec.conf"), "foreground = yes", "debug = info", "pid =",
                    "[ec]", "client = yes", "exec = /bin/echo", "execArgs = echo hello", "connect = 127.0.0.1:" + serverPort,
                    "CAfile = " + cert, "verifyChain = yes", "",
                    "[plain]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:9", "cert = " + cert, "key = " + key);
            for (String program : List.of("stunnel4", home.resolve("bin/sluice").toString())) {
                Path log = tmp.getRoot().toPath().resolve(Path.of(program).getFileName() + "-exec.log");
                Process process = new ProcessBuilder(program, conf.toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                try {
                    SluiceProcess.awaitLine(log, "LOG5\\[\\d+\\]: Connection closed: ", 90, process);
                    // stunnel4's own threads race here: its exec+connect connection (thread 0) may log
                    // before its ui thread says "Accepting new connections" (seen in a clean-clone run).
                    assertInOrder(program, SluiceProcess.read(log), "LOG5\\[ui\\]: Configuration successful$",
                            "LOG\\d\\[ui\\]: Accepting new connections$");
                    assertInOrder(program, SluiceProcess.read(log), "LOG5\\[ui\\]: Configuration successful$",
                            "LOG\\d\\[ui\\]: Service \\[plain\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:\\d+$",
                            "LOG6\\[\\d+\\]: Local mode child started \\(PID=\\d+\\)$",
                            "LOG5\\[\\d+\\]: Service \\[ec\\] connected remote server from 127\\.0\\.0\\.1:\\d+$",
                            "LOG5\\[\\d+\\]: Connection closed: ");
                    assertTrue(process.isAlive());
                    Thread.sleep(2000); // nothing to wait for: stunnel4 keeps running, and so must Sluice
                    assertTrue(program + " keeps running after its exec+connect connection\n" + SluiceProcess.read(log),
                            process.isAlive());
                } finally {
                    process.destroy();
                    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
                }
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("nothing listens on 127.0.0.1:" + port + " within 20 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Each pattern matches a line of the log, each one after the line the one before it matched. */
    private static void assertInOrder(String program, String log, String... patterns) {
        String[] lines = log.split("\n");
        int at = 0;
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(pattern);
            while (at < lines.length && !p.matcher(lines[at]).find()) {
                at++;
            }
            assertTrue(program + ": /" + pattern + "/ after the lines before it in\n" + log, at < lines.length);
            at++;
        }
    }

    /**
     * Runs the cases against one process given the file; returns the error each case gave (with
     * the pre-verification line where there was one). Also checks the bound-to line's end is the port.
     */
    private List<String> run(List<Case> cases, List<String> program, Path file, String name, String provider)
            throws Exception {
        Path log = tmp.getRoot().toPath().resolve(name + ".log");
        List<String> command = new ArrayList<>(program);
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> errors = new ArrayList<>();
        try {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String section : List.of("verify", "tls13", "suite", "psk")) {
                // stunnel's line ends with the address: the port is what follows its last colon
                Matcher bound = SluiceProcess.awaitLine(log, "LOG\\d\\[(ui|main)\\]: Service \\[" + section
                        + "\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:(\\d+)$", 90, process);
                ports.put(section, Integer.parseInt(bound.group(2)));
            }
            int seen = 0;
            for (Case c : cases) {
                provoke(c, ports.get(c.section()));
                Matcher error = nthError(log, seen++, c.name() + " on " + name, process);
                String id = error.group(1);
                String text = SluiceProcess.read(log);
                assertTrue(c.name() + ": the connection is the section's\n" + text, text.contains("LOG5[" + id + "]: Service ["
                        + c.section() + "] accepted connection from 127.0.0.1:"));
                if (provider != null) {
                    // OpenSSL's source line has no meaning here: the provider stands in its place
                    assertEquals(c.section().equals("psk") ? "bc:0" : provider + ":0", error.group(2));
                    assertTrue("Sluice's own words follow on their own line\n" + text,
                            Pattern.compile("LOG3\\[" + id + "\\]: TLS handshake failed: .+").matcher(text).find());
                }
                boolean revoked = text.contains("LOG4[" + id + "]: CERT: Pre-verification error: certificate revoked\n");
                // stunnel 5.68: "reset/closed" after an alert (the TLS side closes), "reset" without one
                String closing = SluiceProcess.awaitLine(log, "LOG5\\[" + id + "\\]: (Connection \\S+): 0 byte\\(s\\) sent to TLS,"
                        + " 0 byte\\(s\\) sent to socket$", 20, process).group(1);
                errors.add(c.name() + ": " + error.group(3) + (revoked ? " (certificate revoked)" : "") + "; " + closing);
                assertEquals(c.name() + " on " + name, c.expected(), error.group(3));
            }
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        return errors;
    }

    /** The n-th (from 0) SSL_accept error line of the log, waited for. */
    private static Matcher nthError(Path log, int n, String what, Process alive) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            int index = 0;
            for (String line : SluiceProcess.read(log).split("\n")) {
                Matcher m = SSL_ERROR.matcher(line);
                if (m.find() && index++ == n) {
                    return m;
                }
            }
            assertTrue("still running before " + what + "\n" + SluiceProcess.read(log), alive.isAlive());
            Thread.sleep(100);
        }
        throw new AssertionError("no SSL_accept error line for " + what + " in\n" + SluiceProcess.read(log));
    }

    private static void provoke(Case c, int port) throws Exception {
        if (c.sClient() == null) {
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
                plain.setSoTimeout(10_000);
                OutputStream out = plain.getOutputStream();
                out.write(c.plaintext().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = plain.getInputStream();
                while (in.read() >= 0) {
                    // until the server closes: whatever alert it sends is no data
                }
            } catch (IOException e) {
                // reset by the server: what stunnel does to a plaintext client
            }
            return;
        }
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(c.sClient());
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue("openssl s_client ends", client.waitFor(20, TimeUnit.SECONDS));
    }

    private Path file(String name, Map<String, List<String>> sections, String provider) throws IOException {
        List<String> lines = new ArrayList<>(List.of("foreground = yes", "debug = info", "pid ="));
        for (Map.Entry<String, List<String>> section : sections.entrySet()) {
            lines.add("[" + section.getKey() + "]");
            lines.add("accept = 127.0.0.1:0");
            lines.add("connect = 127.0.0.1:9");
            lines.addAll(section.getValue());
            if (provider != null && !section.getKey().equals("psk")) {
                lines.add("tlsProvider = " + provider);
            }
        }
        return write(tmp.getRoot().toPath().resolve(name + ".conf"), lines.toArray(String[]::new));
    }

    /** A CA with a client certificate it revoked (and its CRL), and a self-signed stranger. */
    private Path pki() throws Exception {
        Path dir = tmp.newFolder("pki").toPath();
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca = CA_default\n[CA_default]\ndatabase = " + dir
                + "/index.txt\ncrlnumber = " + dir + "/crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        String ec = "ec_paramgen_curve:P-256";
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=Failure IT CA", "-days", "2");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "revoked.key", "-out", "revoked.csr",
                "-subj", "/CN=revoked");
        openssl(dir, "x509", "-req", "-in", "revoked.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "revoked.pem", "-days", "1");
        openssl(dir, "ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-revoke", "revoked.pem");
        openssl(dir, "ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl", "-out", "crl.pem");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "stranger.key", "-out",
                "stranger.pem", "-subj", "/CN=stranger", "-days", "2");
        return dir;
    }

    private static void openssl(Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + ": " + said, 0, process.exitValue());
    }
}
