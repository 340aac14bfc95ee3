package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Python's ssl module (Debian's /usr/bin/python3, OpenSSL underneath, as the scripts people put in
 * front of stunnel) as a third peer of {@code bin/sluice FILE}, beside openssl and stunnel4: a client
 * of a server section, and a server behind a client section that verifies it.
 */
public class PythonSslPeerIT {

    private static final String PYTHON = "/usr/bin/python3";

    /** Sends its third argument as a line, prints the TLS version and the answer line. */
    private static final String CLIENT = String.join("\n",
            "import socket, ssl, sys",
            "port, cafile, line = int(sys.argv[1]), sys.argv[2], sys.argv[3]",
            "context = ssl.create_default_context(cafile=cafile)",
            "with socket.create_connection(('127.0.0.1', port), timeout=15) as raw:",
            "    with context.wrap_socket(raw, server_hostname='localhost') as tls:",
            "        tls.sendall((line + '\\n').encode())",
            "        answer = tls.makefile('rb').readline().decode().rstrip('\\n')",
            "        print(tls.version(), answer)",
            "        tls.unwrap()",
            "");

    /** Prints its port, then answers one connection's line with "python:LINE" and closes with close_notify. */
    private static final String SERVER = String.join("\n",
            "import socket, ssl, sys",
            "context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
            "context.load_cert_chain(sys.argv[1], sys.argv[2])",
            "with socket.create_server(('127.0.0.1', 0)) as listener:",
            "    print(listener.getsockname()[1], flush=True)",
            "    conn, _ = listener.accept()",
            "    with context.wrap_socket(conn, server_side=True) as tls:",
            "        line = tls.makefile('rb').readline()",
            "        tls.sendall(b'python:' + line)",
            "        tls.unwrap()",
            "");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-python-it", "DNS:localhost,IP:127.0.0.1");
    private static final Path home = installation.home();
    private static final Path cert = installation.cert();
    private static final Path key = installation.key();

    @Test
    public void aPythonClientThroughAServerSection() throws Exception {
        Path script = write(tmp.getRoot().toPath().resolve("client.py"), CLIENT);
        try (Backend backend = new Backend("py")) {
            Path conf = write(tmp.getRoot().toPath().resolve("server.conf"), "foreground = yes", "debug = info", "pid =",
                    "cert = " + cert, "key = " + key, "[py-in]", "accept = 127.0.0.1:0",
                    "connect = 127.0.0.1:" + backend.port());
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("server.log"),
                    conf.toString())) {
                int port = sluice.boundPort("py-in");
                Process client = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(port), cert.toString(),
                        "from python").redirectErrorStream(true).start();
                String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(said, client.waitFor(30, TimeUnit.SECONDS));
                assertEquals(said, 0, client.exitValue());
                assertEquals("TLSv1.3 py:from python\n", said);
                // "from python\n" (12 bytes) to the backend, "py:from python\n" (15) into TLS
                String id = sluice.awaitLine("LOG5\\[(\\d+)\\]: Connection closed: 15 byte\\(s\\) sent to TLS, 12 byte\\(s\\)"
                        + " sent to socket$", 20).group(1);
                sluice.awaitLine("LOG5\\[" + id + "\\]: Service \\[py-in\\] accepted connection from 127\\.0\\.0\\.1:\\d+$", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: TLS accepted: new session negotiated$", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: TLSv1\\.3 ciphersuite: TLS_AES_\\d+_GCM_SHA\\d+ \\(\\d+-bit encryption\\)$", 5);
                sluice.awaitLine("LOG5\\[" + id + "\\]: Service \\[py-in\\] connected remote server from 127\\.0\\.0\\.1:\\d+$", 5);
            }
        }
    }

    @Test
    public void aPythonServerBehindAVerifyingClientSection() throws Exception {
        Path script = write(tmp.getRoot().toPath().resolve("server.py"), SERVER);
        Process server = new ProcessBuilder(PYTHON, script.toString(), cert.toString(), key.toString())
                .redirectError(tmp.getRoot().toPath().resolve("server.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int serverPort = Integer.parseInt(Clients.readLineWithin(out, 15));
            Path conf = write(tmp.getRoot().toPath().resolve("client.conf"), "foreground = yes", "debug = info", "pid =",
                    "[py-out]", "client = yes", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + serverPort,
                    "CAfile = " + cert, "verifyChain = yes", "checkHost = localhost");
            try (SluiceProcess sluice = SluiceProcess.start(home, tmp.getRoot().toPath().resolve("client.log"),
                    conf.toString())) {
                try (Clients.Line line = Clients.plain(sluice.boundPort("py-out"))) {
                    assertEquals("python:to python", line.ask("to python"));
                }
                assertTrue("the Python server ends after its connection", server.waitFor(20, TimeUnit.SECONDS));
                assertEquals(Files.readString(tmp.getRoot().toPath().resolve("server.err")), 0, server.exitValue());
                // "to python\n" (10 bytes) into TLS, "python:to python\n" (17) to the plain client
                String id = sluice.awaitLine("LOG5\\[(\\d+)\\]: Connection closed: 10 byte\\(s\\) sent to TLS, 17 byte\\(s\\)"
                        + " sent to socket$", 20).group(1);
                sluice.awaitLine("LOG5\\[" + id + "\\]: Certificate accepted at depth=0: .+$", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: TLS connected: new session negotiated$", 5);
                sluice.awaitLine("LOG6\\[" + id + "\\]: TLSv1\\.3 ciphersuite: TLS_AES_\\d+_GCM_SHA\\d+ \\(\\d+-bit encryption\\)$", 5);
            }
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
