package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Target;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.socks.SocksNegotiator;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import com.sun.net.httpserver.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * protocol = socks in client mode, as stunnel's: after the TLS handshake Sluice asks the SOCKS
 * server inside TLS for protocolHost (SOCKS 5, ATYP 3), then relays. The servers: stunnel4's
 * socks section and Sluice's own, both without connect (the target comes from the request).
 */
public class SocksClientInteropTest {

    @Rule
    public final Interop interop = new Interop();

    @Rule
    public final LogCapture logs = new LogCapture();

    private final CountingObserver clientObserver = new CountingObserver();

    /** A Sluice client tunnel to the SOCKS server inside TLS on 127.0.0.1:serverPort, asking for protocolHost. */
    private int sluiceSocksClient(Identity server, int serverPort, String protocolHost) throws Exception {
        Listener client = interop.sluiceClient(List.of(server.certificate()), "localhost", serverPort, clientObserver,
                new SocksNegotiator(), Map.of("protocolHost", protocolHost));
        return client.boundAddress().getPort();
    }

    /**
     * stunnel's SOCKS server refuses loopback targets (127/8 and ::1: "SOCKS connection to the
     * IPv4 loopback rejected"), so its backend listens on one of this host's other IPv4 addresses.
     */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    @Test(timeout = 60_000)
    public void throughStunnelsSocksServer() throws Exception {
        InetAddress address = nonLoopbackAddress();
        assertNotNull("this host has no IPv4 address besides loopback for stunnel's SOCKS server to connect to",
                address);
        EchoServer backend = new EchoServer(address);
        interop.onStop(backend);
        Identity identity = interop.identity("stunnel");
        int socksPort = Interop.freePort();
        interop.stunnel("socks", socksPort, "[socks]\naccept = 127.0.0.1:" + socksPort + "\ncert = " + identity.cert()
                + "\nkey = " + identity.key() + "\nprotocol = socks\n");

        int entry = sluiceSocksClient(identity, socksPort, address.getHostAddress() + ":" + backend.port());

        Interop.assertEchoes(entry, 256 * 1024);
        assertEquals("refusals: " + clientObserver, 0, clientObserver.refused.get());
        Interop.await("stunnel connected the target from the request", () -> Interop.read(
                interop.dir().resolve("socks.stunnel.log")).contains("s_connect: connected " + address.getHostAddress()
                + ":" + backend.port()), Duration.ofSeconds(5));
    }

    /** A Sluice socks server without connect: the client's request names the target, protocolAllow decides. */
    private int sluiceSocksServer(Identity identity, String allow) throws Exception {
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).build();
        Target unused = new Target("127.0.0.1", new InetSocketAddress(Interop.LOOPBACK, 9));
        Listener server = interop.tunnel(interop.spec("interop-socks-server", false, unused, settings,
                new CountingObserver()).connect(new ConnectSide.ByProtocol("socks")).negotiator(new SocksNegotiator())
                .protocolOptions(Map.of("protocolAllow", allow)).build());
        return server.boundAddress().getPort();
    }

    /** curl speaks SOCKS to a stunnel4 client tunnel, whose TLS goes to the Sluice socks server without connect. */
    @Test(timeout = 90_000)
    public void curlThroughAStunnelClientToASluiceSocksServerWithoutConnect() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(Interop.LOOPBACK, 0), 10);
        http.createContext("/", exchange -> {
            byte[] body = "from the target".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        interop.onStop(() -> http.stop(0));
        int target = http.getAddress().getPort();
        int socksPort = sluiceSocksServer(interop.identity("sluice"), "localhost:" + target);
        int entry = Interop.freePort();
        interop.stunnel("client", entry, "[client]\nclient = yes\naccept = 127.0.0.1:" + entry
                + "\nconnect = 127.0.0.1:" + socksPort + "\n");

        for (String socks : List.of("--socks5-hostname", "--socks4a")) {
            java.nio.file.Path body = interop.dir().resolve("body" + socks);
            Peer curl = interop.start("curl" + socks, List.of(Interop.binary("curl"), "-sS", "--max-time", "15", socks,
                    "127.0.0.1:" + entry, "-o", body.toString(), "http://localhost:" + target + "/"), false);
            assertEquals(socks + ": " + Interop.read(curl.log()), 0, curl.awaitExit(Duration.ofSeconds(20)));
            assertEquals(socks, "from the target", Interop.read(body));
        }
    }

    @Test(timeout = 60_000)
    public void sluiceToSluiceAndARefusedTarget() throws Exception {
        int echo = interop.echoServer().port();
        Identity identity = interop.identity("sluice");
        int socksPort = sluiceSocksServer(identity, "localhost:" + echo);

        Interop.assertEchoes(sluiceSocksClient(identity, socksPort, "localhost:" + echo), 256 * 1024);

        int other = echo == 65535 ? echo - 1 : echo + 1;
        Interop.assertClosedWithoutData(sluiceSocksClient(identity, socksPort, "localhost:" + other));
        Interop.await("the refusal in RFC 1928's words", () -> logs.lines("protocol negotiation failed: java.io.IOException:"
                + " socks: CONNECT localhost:" + other + " refused by the SOCKS server: connection not allowed by ruleset"
                + " (reply 2)").size() == 1, Duration.ofSeconds(5));
        assertEquals(1, clientObserver.refused.get());
    }
}
