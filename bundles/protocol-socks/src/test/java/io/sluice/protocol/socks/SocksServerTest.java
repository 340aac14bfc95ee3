package io.sluice.protocol.socks;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static io.sluice.protocol.socks.Scripted.bytes;

import io.sluice.api.protocol.AllowedTargets;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/** The request parser on a scripted client: exactly the request is read, refusals carry SOCKS replies. */
public class SocksServerTest {

    private static final AllowedTargets ALLOWED = AllowedTargets.parse("www.example.org:80, 192.0.2.7:443, [2001:db8::1]:443");


    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    public void socks5DomainRequestIsReadExactlyLeavingTheClientsDataUnread() throws Exception {
        byte[] name = "www.example.org".getBytes(StandardCharsets.US_ASCII);
        Scripted client = new Scripted(concat(bytes(5, 2, 2, 0), bytes(5, 1, 0, 3, name.length), name, bytes(0, 80),
                "GET /".getBytes(StandardCharsets.US_ASCII)));
        SocksRequest request = SocksServer.readRequest(client, ALLOWED);
        assertEquals(new SocksRequest(5, "www.example.org", 80, false), request);
        assertArrayEquals("method 00 chosen", bytes(5, 0), client.written.toByteArray());
        assertEquals("GET / stays for the target", 5, client.unread());
        assertArrayEquals(bytes(5, 0, 0, 1, 0, 0, 0, 0, 0, 0), request.granted());
    }

    @Test
    public void socks5Ipv6AndIpv4() throws Exception {
        byte[] v6 = java.net.InetAddress.getByName("2001:db8::1").getAddress();
        SocksRequest request = SocksServer.readRequest(new Scripted(concat(bytes(5, 1, 0, 5, 1, 0, 4), v6, bytes(1, 0xbb))),
                ALLOWED);
        assertEquals(443, request.port());
        assertEquals("the IPv6 reply shape for an IPv6 request", 22, request.granted().length);
        assertEquals("192.0.2.7", SocksServer.readRequest(new Scripted(bytes(5, 1, 0, 5, 1, 0, 1, 192, 0, 2, 7, 1, 0xbb)),
                ALLOWED).host());
    }

    @Test
    public void socks4And4a() throws Exception {
        Scripted v4 = new Scripted(bytes(4, 1, 1, 0xbb, 192, 0, 2, 7, 'b', 'o', 'b', 0));
        assertEquals(new SocksRequest(4, "192.0.2.7", 443, false), SocksServer.readRequest(v4, ALLOWED));
        byte[] name = "www.example.org".getBytes(StandardCharsets.US_ASCII);
        Scripted v4a = new Scripted(concat(bytes(4, 1, 0, 80, 0, 0, 0, 1, 0), name, bytes(0)));
        SocksRequest request = SocksServer.readRequest(v4a, ALLOWED);
        assertEquals(new SocksRequest(4, "www.example.org", 80, false), request);
        assertArrayEquals(bytes(0, 0x5a, 0, 0, 0, 0, 0, 0), request.granted());
    }

    @Test
    public void aTargetOffTheListGetsTheProtocolsRefusal() {
        Scripted v5 = new Scripted(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 22));
        assertEquals("socks: refused: CONNECT 127.0.0.1:22 is not in protocolAllow",
                assertThrows(IOException.class, () -> SocksServer.readRequest(v5, ALLOWED)).getMessage());
        assertArrayEquals(bytes(5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0), v5.written.toByteArray());
        Scripted v4 = new Scripted(bytes(4, 1, 0, 22, 127, 0, 0, 1, 0));
        assertEquals("socks: refused: CONNECT 127.0.0.1:22 is not in protocolAllow (empty: nothing is allowed)",
                assertThrows(IOException.class, () -> SocksServer.readRequest(v4, AllowedTargets.parse(null))).getMessage());
        assertArrayEquals(bytes(0, 0x5b, 0, 0, 0, 0, 0, 0), v4.written.toByteArray());
    }

    @Test
    public void hostileRequestsEndWithAClearReason() {
        assertEquals("socks: not a SOCKS 4 or 5 request (first byte 0x47)", assertThrows(IOException.class,
                () -> SocksServer.readRequest(new Scripted("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)),
                        ALLOWED)).getMessage());
        byte[] longUser = new byte[400];
        java.util.Arrays.fill(longUser, (byte) 'u');
        assertEquals("socks: SOCKS 4 USERID longer than 255 bytes", assertThrows(IOException.class,
                () -> SocksServer.readRequest(new Scripted(concat(bytes(4, 1, 0, 80, 1, 2, 3, 4), longUser)), ALLOWED))
                .getMessage());
        Scripted noMethod = new Scripted(bytes(5, 1, 2));
        assertEquals("socks: refused: SOCKS 5 client offers no method without authentication",
                assertThrows(IOException.class, () -> SocksServer.readRequest(noMethod, ALLOWED)).getMessage());
        assertArrayEquals(bytes(5, 0xff), noMethod.written.toByteArray());
        Scripted bind = new Scripted(bytes(5, 1, 0, 5, 2, 0, 1, 192, 0, 2, 7, 1, 0xbb));
        assertEquals("socks: refused: SOCKS 5 command 2 (only CONNECT)",
                assertThrows(IOException.class, () -> SocksServer.readRequest(bind, ALLOWED)).getMessage());
        Scripted badName = new Scripted(bytes(5, 1, 0, 5, 1, 0, 3, 3, 'a', '\r', 'b', 0, 80));
        assertEquals("socks: refused: the requested host is not a DNS name (3 bytes)",
                assertThrows(IOException.class, () -> SocksServer.readRequest(badName, ALLOWED)).getMessage());
        assertThrows(EOFException.class, () -> SocksServer.readRequest(new Scripted(bytes(5, 1, 0, 5, 1, 0, 3, 20, 'a')),
                ALLOWED));
    }

    @Test
    public void configurationChecks() {
        SocksNegotiator socks = new SocksNegotiator();
        socks.validate(false, Map.of("protocolAllow", "a.example:80, *.example.com:443"));
        assertEquals("protocolAllow = a.example: entry a.example is not host:port (IPv6 as [address]:port)",
                assertThrows(IllegalArgumentException.class, () -> socks.validate(false,
                        Map.of("protocolAllow", "a.example"))).getMessage());
        socks.validate(true, Map.of("protocolHost", "www.example.org:80"));
        socks.validate(true, Map.of("protocolHost", "8080"));
        assertEquals("protocolHost = : required in client mode: host:port the SOCKS server connects to",
                assertThrows(IllegalArgumentException.class, () -> socks.validate(true, Map.of())).getMessage());
        assertEquals("protocolHost = a b:80: entry a b:80 is not host:port (IPv6 as [address]:port)",
                assertThrows(IllegalArgumentException.class, () -> socks.validate(true,
                        Map.of("protocolHost", "a b:80"))).getMessage());
        assertEquals("protocolHost = a:1, b:2: one host:port (IPv6 as [address]:port)",
                assertThrows(IllegalArgumentException.class, () -> socks.validate(true,
                        Map.of("protocolHost", "a:1, b:2"))).getMessage());
    }
}
