package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.run;
import static io.sluice.itests.StunnelLauncherIT.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The README's scale-out recipe (Growing past one machine) with two real nodes: two bin/sluice
 * processes, each from its own copy of the distribution (ports of its own), load the one tunnel
 * file of one shared configuration directory, which FileInstall watches beside each node's etc/;
 * the only per-node value, the accept port, comes from each process's environment
 * ({@code $[env:SLUICE_WEB_PORT]}), and the ticket secrets from each node's etc/secrets. HAProxy 2.6
 * in front (mode tcp, round robin, send-proxy-v2): openssl s_client's second connection lands on the
 * other process and resumes the session the first process issued, and each process logs the client
 * HAProxy named in its PROXY header, not HAProxy.
 */
public class HaproxyScaleOutIT {

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-scale-it", "DNS:localhost,IP:127.0.0.1");

    private static final List<Node> nodes = new ArrayList<>();
    private static Backend backend;

    /** One Sluice node: its process and that process's standard output. */
    private record Node(String name, SluiceProcess process, Path log) {
    }

    @BeforeClass
    public static void startTwoNodesOnOneConfiguration() throws Exception {
        backend = new Backend("web");
        Path shared = Files.createDirectory(installation.root().resolve("shared"));
        Files.copy(installation.cert(), shared.resolve("web.crt"));
        Files.copy(installation.key(), shared.resolve("web.key"));
        // One file for every node; what differs per node comes from outside it.
        write(shared.resolve("io.sluice.tunnel-web.cfg"),
                "accept = 127.0.0.1:$[env:SLUICE_WEB_PORT]",
                "connect = 127.0.0.1:" + backend.port(),
                "cert = " + shared.resolve("web.crt"),
                "key = " + shared.resolve("web.key"),
                "tlsProvider = openssl",
                "proxyProtocol = accept",
                "proxyFrom = 127.0.0.1",
                "ticketKeySecret = $[secret:web.ticketKey]",
                "ticketMacSecret = $[secret:web.ticketMac]");

        Path first = installation.home();
        prepare(first, shared);
        Path second = installation.root().resolve("node-b");
        run("cp", "-a", first.toString(), second.toString());
        Iterator<Integer> ports = freePorts(8).iterator();
        for (Path home : List.of(first, second)) {
            for (String key : List.of("sluice.ssh.port", "sluice.jmx.registry.port", "sluice.jmx.server.port")) {
                setKey(home.resolve("etc/custom.system.properties"), key, String.valueOf(ports.next()));
            }
        }
        Path file = shared.resolve("io.sluice.tunnel-web.cfg");
        String written = Files.readString(file, StandardCharsets.UTF_8);
        FileTime modified = Files.getLastModifiedTime(file);
        nodes.add(start("node-a", first, ports.next()));
        nodes.add(start("node-b", second, ports.next()));
        for (Node node : nodes) {
            node.process().awaitLine("Service \\[web\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:(\\d+)", 180);
            node.process().awaitLine("Service \\[web\\] server mode, TLS by openssl, connecting 127\\.0\\.0\\.1:"
                    + backend.port(), 10);
        }
        assertEquals("the nodes only read the shared file", written, Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("nor write it back unchanged", modified, Files.getLastModifiedTime(file));
    }

    /**
     * What every node's installation gets once (the secrets, as an operator copies them to each):
     * FileInstall watching the shared directory, the openssl provider booted, Sluice's per-connection
     * lines (DEBUG) on standard output, no demo tunnel (its fixed port would clash on one host).
     */
    private static void prepare(Path home, Path shared) throws IOException {
        Path etc = home.resolve("etc");
        Files.delete(etc.resolve("io.sluice.tunnel-demo.cfg"));
        write(etc.resolve("org.apache.felix.fileinstall-shared.cfg"),
                "felix.fileinstall.dir = " + shared,
                "felix.fileinstall.filter = .*\\\\.cfg",
                "felix.fileinstall.poll = 1000",
                "felix.fileinstall.noInitialDelay = true");
        // FileInstall reads this switch from the framework only (not per watcher): with Karaf's default, each
        // node rewrote the shared file when it made the configuration, and the other node, starting at the
        // same moment, once read it half-written ("accept = : required").
        Files.writeString(etc.resolve("custom.properties"), "\nfelix.fileinstall.enableConfigSave = false\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Path features = etc.resolve("org.apache.karaf.features.cfg");
        String boot = Files.readString(features, StandardCharsets.UTF_8);
        String booted = boot.replaceFirst("(?m)^featuresBoot\\s*=\\s*", "featuresBoot = sluice-tls-openssl, ");
        assertNotEquals("featuresBoot in " + features, boot, booted);
        Files.writeString(features, booted, StandardCharsets.UTF_8);
        // The connections' lines: io.sluice.transport, not io.sluice, at DEBUG, for Felix SCR logs its own debug
        // lines under each bundle's name (all of Sluice's bundles' with io.sluice; only the transport's here).
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), "\nlog4j2.logger.connections.name = io.sluice.transport\n"
                + "log4j2.logger.connections.level = DEBUG\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Path secrets = Files.createDirectory(etc.resolve("secrets"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (String name : List.of("web.ticketKey", "web.ticketMac")) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.writeString(Files.createFile(secrets.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
        }
    }

    private static Node start(String name, Path home, int acceptPort) throws Exception {
        Path log = installation.root().resolve(name + ".log");
        return new Node(name, SluiceProcess.start(home, log,
                Map.of("SLUICE_WEB_PORT", String.valueOf(acceptPort))), log);
    }

    /** Ports free right now and different from each other (all bound at once, then released). */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @AfterClass
    public static void stopNodes() throws Exception {
        for (Node node : nodes) {
            node.process().close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test(timeout = 120_000)
    public void aTls13SessionIssuedByOneProcessResumesOnTheOther() throws Exception {
        assertResumedOnTheOtherProcess("-tls1_3", "TLSv1.3");
    }

    @Test(timeout = 120_000)
    public void aTls12SessionIssuedByOneProcessResumesOnTheOther() throws Exception {
        assertResumedOnTheOtherProcess("-tls1_2", "TLSv1.2");
    }

    private void assertResumedOnTheOtherProcess(String option, String version) throws Exception {
        Path session = installation.root().resolve("session" + option + ".pem");
        List<Integer> ports = freePorts(4);
        try (Balancer haproxy = haproxy(option, ports.get(0), ports.get(1))) {
            int firstPort = ports.get(2);
            String first = sClient(haproxy.port(), firstPort, "first " + version, option, "-sess_out", session.toString());
            int secondPort = ports.get(3);
            String second = sClient(haproxy.port(), secondPort, "second " + version, option, "-sess_in",
                    session.toString());

            assertTrue("first: New; s_client printed:\n" + first, first.contains("New, " + version));
            assertTrue("second: Reused; s_client printed:\n" + second, second.contains("Reused, " + version));
            Node issued = assertLogged(firstPort, "new session negotiated");
            Node resumed = assertLogged(secondPort, "previous session reused");
            assertNotEquals("the two connections reached different processes", issued.process().pid(),
                    resumed.process().pid());
        }
    }

    /** haproxy -db and the port of its frontend. */
    private record Balancer(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * HAProxy as the README has it, over the two nodes (no health checks: each would be a connection
     * of its own). A second frontend that refuses every connection tells when HAProxy listens, without
     * a probe that round robin would send to a node.
     */
    private static Balancer haproxy(String name, int port, int ready) throws Exception {
        Path conf = write(installation.root().resolve("haproxy" + name + ".cfg"),
                "global", "    log stderr format short local0 info",
                "defaults", "    log global", "    timeout connect 5s", "    timeout client 20s", "    timeout server 20s",
                "frontend tls", "    mode tcp", "    bind 127.0.0.1:" + port, "    default_backend sluice",
                "frontend ready", "    mode tcp", "    bind 127.0.0.1:" + ready, "    tcp-request connection reject",
                "backend sluice", "    mode tcp", "    balance roundrobin",
                "    server node-a 127.0.0.1:" + acceptPort(nodes.get(0)) + " send-proxy-v2",
                "    server node-b 127.0.0.1:" + acceptPort(nodes.get(1)) + " send-proxy-v2");
        Path log = installation.root().resolve("haproxy" + name + ".log");
        Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), ready)) {
                break;
            } catch (IOException e) {
                assertTrue("haproxy listens within 15 s:\n" + SluiceProcess.read(log),
                        haproxy.isAlive() && System.currentTimeMillis() < deadline);
                Thread.sleep(100);
            }
        }
        return new Balancer(haproxy, port);
    }

    private static int acceptPort(Node node) throws Exception {
        return Integer.parseInt(node.process().awaitLine("Service \\[web\\] \\(FD=\\d+\\) bound to 127\\.0\\.0\\.1:(\\d+)", 5)
                .group(1));
    }

    /**
     * openssl s_client from 127.0.0.1:clientPort through HAProxy's port: sends the line, waits for the
     * backend's answer (in TLS 1.3 the session ticket came before it), then ends; returns all it printed.
     */
    private static String sClient(int port, int clientPort, String line, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-bind", "127.0.0.1:" + clientPort, "-CAfile", installation.cert().toString(), "-verify_return_error",
                "-servername", "localhost", "-verify_hostname", "localhost", "-no_ign_eof"));
        command.addAll(List.of(options));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(client.getInputStream(), printed), "s_client-output");
        reader.start();
        client.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
        String answer = "web:" + line + "\n";
        long deadline = System.currentTimeMillis() + 20_000;
        while (!text(printed).contains(answer) && client.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        client.getOutputStream().close();
        assertTrue("s_client ends", client.waitFor(15, TimeUnit.SECONDS));
        reader.join(5_000);
        String all = text(printed);
        assertTrue("the backend's answer came back through HAProxy and Sluice; s_client printed:\n" + all,
                all.contains(answer));
        assertEquals("s_client's exit status; it printed:\n" + all, 0, client.exitValue());
        return all;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The node that served the client at 127.0.0.1:clientPort: its log names that client from the
     * PROXY header (HAProxy's own address is another port), and the same connection's handshake line
     * says {@code TLS accepted: <outcome>}; the other node's log never names that client.
     */
    private static Node assertLogged(int clientPort, String outcome) throws Exception {
        String header = "Service \\[web\\] #(\\d+) PROXY v2 header from 127\\.0\\.0\\.1:(\\d+): client 127\\.0\\.0\\.1:"
                + clientPort + ", to 127\\.0\\.0\\.1:\\d+$";
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (Node node : nodes) {
                Matcher proxied = java.util.regex.Pattern.compile(header, java.util.regex.Pattern.MULTILINE)
                        .matcher(SluiceProcess.read(node.log()));
                if (proxied.find()) {
                    assertNotEquals("the balancer's own port is not the client's", String.valueOf(clientPort),
                            proxied.group(2));
                    node.process().awaitLine("DEBUG Service \\[web\\] #" + proxied.group(1) + " TLS accepted: "
                            + outcome + "$", 10);
                    for (Node other : nodes) {
                        assertTrue(other.name() + " never saw client port " + clientPort, other == node
                                || !SluiceProcess.read(other.log()).contains("client 127.0.0.1:" + clientPort + ","));
                    }
                    return node;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no node logged client 127.0.0.1:" + clientPort + " from a PROXY header:\n"
                + SluiceProcess.read(nodes.get(0).log()) + "\n---\n" + SluiceProcess.read(nodes.get(1).log()));
    }

    private static void setKey(Path file, String key, String value) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String replaced = content.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "\\s*=.*$", key + " = " + value);
        assertNotEquals(key + " in " + file, content, replaced);
        Files.writeString(file, replaced, StandardCharsets.UTF_8);
    }
}
