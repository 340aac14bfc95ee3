package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * GET /metrics and /health of the distribution (bin/sluice, etc/io.sluice.metrics.cfg) after real
 * traffic from openssl s_client: the counts are what the clients did.
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
        set(etc.resolve("custom.system.properties"), "sluice.ssh.port", KarafOptions.freePort());
        set(etc.resolve("custom.system.properties"), "sluice.jmx.registry.port", KarafOptions.freePort());
        set(etc.resolve("custom.system.properties"), "sluice.jmx.server.port", KarafOptions.freePort());
        Files.delete(etc.resolve("io.sluice.tunnel-demo.cfg"));
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
        assertTrue(key + " in " + file, !replaced.equals(content));
        Files.writeString(file, replaced, StandardCharsets.UTF_8);
    }
}
