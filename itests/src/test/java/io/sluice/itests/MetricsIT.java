package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * GET /metrics and /health of the distribution (bin/sluice, etc/io.sluice.metrics.cfg) and its
 * tunnels' MBeans through Karaf's JMX connector, after real traffic from openssl s_client: the
 * counts are what the clients did.
 */
public class MetricsIT {

    @ClassRule
    public static final CopiedInstallation INSTALLATION = new CopiedInstallation("sluice-metrics",
            "DNS:localhost,IP:127.0.0.1");

    private SluiceProcess sluice;

    @After
    public void stop() throws Exception {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    public void scrapesTheCountsOfRealTrafficAndTheHealthOfEveryTunnel() throws Exception {
        Path home = INSTALLATION.home();
        Path etc = home.resolve("etc");
        freePorts(etc);
        Files.writeString(etc.resolve("io.sluice.metrics.cfg"), "address = 127.0.0.1:0\n");
        Files.writeString(etc.resolve("hosts.deny"), "guarded: ALL\n");
        try (Backend backend = new Backend("web")) {
            Files.writeString(etc.resolve("io.sluice.tunnel-web.cfg"), "accept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                    + backend.port() + "\ncert = " + INSTALLATION.cert() + "\nkey = " + INSTALLATION.key() + "\n");
            Files.writeString(etc.resolve("io.sluice.tunnel-guarded.cfg"), "accept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                    + backend.port() + "\nlibwrap = yes\n");
            sluice = SluiceProcess.start(home, INSTALLATION.root().resolve("stdout.log"));
            int web = sluice.boundPort("web");
            int guarded = sluice.boundPort("guarded");
            int metrics = Integer.parseInt(sluice.awaitLine("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics", 60).group(1));
            sluice.awaitLine("Configuration successful", 30);

            for (String line : new String[] {"one", "three"}) {
                assertEquals("web:" + line, Clients.opensslLine(web, INSTALLATION.cert(), line));
            }
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), web)) {
                plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                plain.getInputStream().readAllBytes(); // the TLS side answers with an alert, then closes
            }
            try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), guarded)) {
                assertEquals("closed before any byte", -1, refused.getInputStream().read());
            }

            String text = awaitConnections(metrics, "web", 3);
            assertEquals(3, sample(text, "sluice_connections_total{tunnel=\"web\"}"));
            assertEquals(0, sample(text, "sluice_connections_active{tunnel=\"web\"}"));
            assertEquals("one\\n three\\n", 4 + 6, sample(text, "sluice_bytes_received_total{tunnel=\"web\"}"));
            assertEquals("web:one\\n web:three\\n", 8 + 10, sample(text, "sluice_bytes_sent_total{tunnel=\"web\"}"));
            assertEquals(2, sample(text, "sluice_tls_sessions_total{tunnel=\"web\",kind=\"new\"}")
                    + sample(text, "sluice_tls_sessions_total{tunnel=\"web\",kind=\"resumed\"}"));
            assertEquals(2, sample(text, "sluice_handshake_duration_seconds_count{tunnel=\"web\"}"));
            assertEquals(2, sample(text, "sluice_handshake_duration_seconds_bucket{tunnel=\"web\",le=\"+Inf\"}"));
            assertTrue(text, text.matches("(?s).*\\nsluice_handshake_failures_total\\{tunnel=\"web\",reason=\"[^\"]+\"} 1\\n.*"));
            assertEquals(1, sample(text, "sluice_refused_total{tunnel=\"guarded\",reason=\"libwrap\"}"));
            assertEquals(1, sample(text, "sluice_connections_total{tunnel=\"guarded\"}"));
            assertEquals(1, sample(text, "sluice_tunnel_up{tunnel=\"web\"}"));
            assertEquals(1, sample(text, "sluice_tunnel_state{tunnel=\"web\",state=\"running\"}"));
            long expiry = sample(text, "sluice_certificate_expiry_seconds{tunnel=\"web\"}");
            assertTrue("the test certificate is valid for 2 days: " + expiry, expiry > 86_400 && expiry <= 2 * 86_400);

            assertEquals("ok: 2 tunnel(s) running\n", get(metrics, "/health", 200));
            Files.writeString(etc.resolve("io.sluice.tunnel-broken.cfg"), "accept = 127.0.0.1:0\nconnect = 127.0.0.1:9\n"
                    + "failover = sometimes\n");
            sluice.awaitLine("Service \\[broken\\]", 30);
            String health = awaitHealth(metrics, 503);
            assertTrue(health, health.startsWith("not running:\nbroken: failed ("));
            assertTrue(health, health.contains("failover = sometimes: expected one of prio, rr"));
            String after = get(metrics, "/metrics", 200);
            assertEquals(0, sample(after, "sluice_tunnel_up{tunnel=\"broken\"}"));
            assertEquals(1, sample(after, "sluice_tunnel_state{tunnel=\"broken\",state=\"failed\"}"));
        }
    }

    /**
     * The MBean io.sluice:type=Tunnel,name=NAME through Karaf's JMX connector, as JConsole reaches it:
     * its counters after a connection, and stop / start, which the tunnel then reports.
     */
    @Test
    public void jmxShowsEachTunnelWithItsCountersAndStopsAndStartsIt() throws Exception {
        Path home = INSTALLATION.home();
        Path etc = home.resolve("etc");
        String[] jmx = freePorts(etc);
        Files.writeString(etc.resolve("users.properties"), "operator = a-long-test-password,_g_:admingroup\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Backend backend = new Backend("jmx")) {
            Files.writeString(etc.resolve("io.sluice.tunnel-jmx.cfg"), "accept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                    + backend.port() + "\ncert = " + INSTALLATION.cert() + "\nkey = " + INSTALLATION.key() + "\n");
            sluice = SluiceProcess.start(home, INSTALLATION.root().resolve("jmx.log"));
            int port = sluice.boundPort("jmx");
            sluice.awaitLine("Configuration successful", 30);
            assertEquals("jmx:hello", Clients.opensslLine(port, INSTALLATION.cert(), "hello"));

            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + jmx[1] + "/jndi/rmi://127.0.0.1:"
                    + jmx[0] + "/karaf-root");
            try (JMXConnector connector = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", "a-long-test-password"}))) {
                MBeanServerConnection mbeans = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.sluice:type=Tunnel,name=jmx");
                assertEquals("RUNNING", mbeans.getAttribute(name, "State"));
                assertEquals("127.0.0.1:" + port, mbeans.getAttribute(name, "Bound"));
                long deadline = System.currentTimeMillis() + 10_000;
                while ((long) mbeans.getAttribute(name, "ActiveConnections") != 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(1L, mbeans.getAttribute(name, "TotalConnections"));
                assertEquals("hello\n", 6L, mbeans.getAttribute(name, "BytesIn"));
                assertEquals("jmx:hello\n", 10L, mbeans.getAttribute(name, "BytesOut"));
                assertEquals(1L, (long) mbeans.getAttribute(name, "NewSessions") + (long) mbeans.getAttribute(name, "ResumedSessions"));
                long expiry = (long) mbeans.getAttribute(name, "CertificateExpirySeconds");
                assertTrue(String.valueOf(expiry), expiry > 86_400 && expiry <= 2 * 86_400);

                mbeans.invoke(name, "stop", new Object[] {false}, new String[] {"boolean"});
                assertEquals("STOPPED", mbeans.getAttribute(name, "State"));
                sluice.awaitLine("Service \\[jmx\\] stopped", 10);
                try (Socket refused = new Socket()) {
                    refused.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    fail("a stopped tunnel does not accept");
                } catch (java.net.ConnectException expected) {
                    // nothing listens any more
                }
                mbeans.invoke(name, "start", new Object[0], new String[0]);
                assertEquals("RUNNING", mbeans.getAttribute(name, "State"));
                assertEquals(false, mbeans.invoke(name, "killConnection", new Object[] {999_999L}, new String[] {"long"}));
            }
        }
    }

    /**
     * The console's and JMX's ports of the copy, free ones; returns JMX's registry and server ports.
     * No tunnel yet (the demo's, or another test's), and no data/ of an earlier run (its
     * configuration store would bring the other test's tunnels back).
     */
    private static String[] freePorts(Path etc) throws Exception {
        Process rm = new ProcessBuilder("rm", "-rf", etc.resolveSibling("data").toString()).inheritIO().start();
        assertEquals(0, rm.waitFor());
        try (java.util.stream.Stream<Path> files = Files.list(etc)) {
            for (Path tunnel : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("io.sluice.tunnel-"))::iterator) {
                Files.delete(tunnel);
            }
        }
        String registry = KarafOptions.freePort();
        String server = KarafOptions.freePort();
        set(etc.resolve("custom.system.properties"), "sluice.ssh.port", KarafOptions.freePort());
        set(etc.resolve("custom.system.properties"), "sluice.jmx.registry.port", registry);
        set(etc.resolve("custom.system.properties"), "sluice.jmx.server.port", server);
        return new String[] {registry, server};
    }

    /** Scrapes until the tunnel counted that many connections and none is open (a close is counted after it ends). */
    private static String awaitConnections(int port, String tunnel, long total) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String totalSeries = "sluice_connections_total{tunnel=\"" + tunnel + "\"}";
        String activeSeries = "sluice_connections_active{tunnel=\"" + tunnel + "\"}";
        String text = get(port, "/metrics", 200);
        while ((sample(text, totalSeries) != total || sample(text, activeSeries) != 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            text = get(port, "/metrics", 200);
        }
        return text;
    }

    private static String awaitHealth(int port, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/health").openConnection();
            if (connection.getResponseCode() == status || System.currentTimeMillis() > deadline) {
                return get(port, "/health", status);
            }
            Thread.sleep(100);
        }
    }

    private static long sample(String text, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (-?\\d+)$").matcher(text);
        assertTrue("no " + series + " in\n" + text, matcher.find());
        return Long.parseLong(matcher.group(1));
    }

    private static String get(int port, String path, int status) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        assertEquals(path, status, connection.getResponseCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", connection.getContentType());
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void set(Path file, String key, String value) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String replaced = content.replaceAll("(?m)^" + Pattern.quote(key) + "\\s*=.*$", key + " = " + value);
        assertTrue(key + " in " + file, replaced.contains(key + " = " + value));
        Files.writeString(file, replaced, StandardCharsets.UTF_8);
    }
}
