package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.socks.SocksNegotiator;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * protocol = socks: curl speaks SOCKS 5, 4a and 4 to a Sluice client tunnel (plaintext in, TLS out),
 * whose server tunnel (TLS in, SOCKS inside) connects the target curl asked for when protocolAllow
 * lists it, and refuses with the SOCKS reply otherwise. The targets are HTTP servers on 127.0.0.1
 * and ::1 that answer with their own name.
 */
public class CurlSocksThroughSluicePairTest {

    @Rule
    public final Interop interop = new Interop();

    @Rule
    public final LogCapture logs = new LogCapture();

    private final CountingObserver serverObserver = new CountingObserver();
    private final List<HttpServer> servers = new ArrayList<>();
    private int v4Port;
    private int v6Port;
    private int entry;

    private int http(String address, String answer) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 10);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    @Before
    public void start() throws Exception {
        v4Port = http("127.0.0.1", "via IPv4");
        v6Port = http("::1", "via IPv6");
        Identity identity = interop.identity("sluice");
        Listener socksServer = interop.sluiceServer(identity, Interop.freePort(), serverObserver, new SocksNegotiator(),
                Map.of("protocolAllow", "localhost:" + v4Port + ", 127.0.0.1:" + v4Port + ", [::1]:" + v6Port));
        Listener client = interop.sluiceClient(List.of(identity.certificate()), "localhost",
                socksServer.boundAddress().getPort(), new CountingObserver());
        entry = client.boundAddress().getPort();
    }

    @After
    public void stop() {
        servers.forEach(server -> server.stop(0));
    }

    /** curl through the pair; its exit code, and the body or its error text in {@code out}. */
    private int curl(String socksOption, String url, StringBuilder out) throws Exception {
        String body = interop.dir().resolve("body-" + System.nanoTime()).toString();
        Peer curl = interop.start("curl", List.of(Interop.binary("curl"), "-sS", "--max-time", "15",
                socksOption, "127.0.0.1:" + entry, "-o", body, url), false);
        int exit = curl.awaitExit(Duration.ofSeconds(20));
        out.append(exit == 0 ? Files.readString(java.nio.file.Path.of(body)) : Interop.read(curl.log()));
        return exit;
    }

    private void assertThrough(String socksOption, String url, String expected) throws Exception {
        StringBuilder out = new StringBuilder();
        assertEquals(socksOption + " " + url + ": " + out, 0, curl(socksOption, url, out));
        assertEquals(expected, out.toString());
    }

    @Test(timeout = 90_000)
    public void socks5WithHostNamesAndAddresses() throws Exception {
        assertThrough("--socks5-hostname", "http://localhost:" + v4Port + "/", "via IPv4");
        assertThrough("--socks5", "http://127.0.0.1:" + v4Port + "/", "via IPv4");
        assertThrough("--socks5", "http://[::1]:" + v6Port + "/", "via IPv6");
    }

    @Test(timeout = 90_000)
    public void socks4aAndSocks4() throws Exception {
        assertThrough("--socks4a", "http://localhost:" + v4Port + "/", "via IPv4");
        assertThrough("--socks4", "http://127.0.0.1:" + v4Port + "/", "via IPv4");
    }

    @Test(timeout = 90_000)
    public void aTargetOffTheListGetsTheSocksRefusal() throws Exception {
        int other = http("127.0.0.1", "never");
        StringBuilder out = new StringBuilder();
        int exit = curl("--socks5-hostname", "http://localhost:" + other + "/", out);
        assertEquals("curl's CURLE_PROXY (97): " + out, 97, exit);
        // curl names the SOCKS 5 reply code: 2, connection not allowed by ruleset
        assertTrue(out.toString(), out.toString().contains("connection not allowed by ruleset")
                || out.toString().contains("(2)"));
        out.setLength(0);
        exit = curl("--socks4a", "http://localhost:" + other + "/", out);
        assertEquals(out.toString(), 97, exit);
        assertTrue(out.toString(), out.toString().contains("request rejected or failed"));
        Interop.await("both refused and logged", () -> logs.lines("socks: refused: CONNECT localhost:" + other
                + " is not in protocolAllow").size() == 2, Duration.ofSeconds(5));
        assertEquals(2, serverObserver.refused.get());
        // The tunnel still serves allowed targets.
        assertThrough("--socks5-hostname", "http://localhost:" + v4Port + "/", "via IPv4");
    }
}
