package io.sluice.protocol.proxy;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.sluice.api.protocol.ConnectionFacts;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/** The headers byte for byte: v1 as stunnel writes it, v2 as proxy-protocol.txt lays it out. */
public class ProxyHeaderBytesTest {

    private static String v1(String client, int clientPort, String local, int localPort) {
        return new String(ProxyV1.header(new InetSocketAddress(client, clientPort), new InetSocketAddress(local, localPort)),
                StandardCharsets.US_ASCII);
    }

    @Test
    public void v1AsStunnelWritesIt() {
        // stunnel 5.75 observed: PROXY TCP4 127.0.0.1 127.0.0.1 56508 42999
        assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 56508 42999\r\n", v1("127.0.0.1", 56508, "127.0.0.1", 42999));
        assertEquals("PROXY TCP6 2001:db8::7 ::1 50312 443\r\n", v1("2001:db8:0:0:0:0:0:7", 50312, "::1", 443));
        assertEquals("PROXY TCP6 ::ffff:192.0.2.7 2001:db8:1:0:1::1 50312 443\r\n",
                v1("192.0.2.7", 50312, "2001:db8:1:0:1:0:0:1", 443));
        assertEquals("PROXY UNKNOWN\r\n", new String(ProxyV1.header(null, null), StandardCharsets.US_ASCII));
    }

    @Test
    public void v2WithTheTlsTlvs() {
        ConnectionFacts facts = new ConnectionFacts(new InetSocketAddress("192.0.2.7", 50312),
                new InetSocketAddress("198.51.100.1", 443), "TLSv1.3", "TLS_AES_128_GCM_SHA256", "www.example",
                "h2", true, true, "alice");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ProxyV2.SIGNATURE);
        byte[] ssl = concat(new byte[] {0x07, 0, 0, 0, 0}, tlv(0x21, "TLSv1.3"), tlv(0x22, "alice"),
                tlv(0x23, "TLS_AES_128_GCM_SHA256"));
        byte[] body = concat(new byte[] {(byte) 192, 0, 2, 7, (byte) 198, 51, 100, 1, (byte) 0xc4, (byte) 0x88, 0x01, (byte) 0xbb},
                tlv(0x01, "h2"), tlv(0x02, "www.example"), tlv(0x20, ssl));
        expected.writeBytes(new byte[] {0x21, 0x11, 0, (byte) body.length});
        expected.writeBytes(body);
        assertArrayEquals(expected.toByteArray(), ProxyV2.header(facts));
    }

    @Test
    public void v2WithoutACertificateSaysSoAndSendsNoCn() {
        ConnectionFacts facts = new ConnectionFacts(new InetSocketAddress("2001:db8::7", 1),
                new InetSocketAddress("2001:db8::1", 2), "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", null,
                null, false, false, null);
        byte[] header = ProxyV2.header(facts);
        assertEquals("TCP over IPv6", 0x21, header[13]);
        int ssl = 16 + 36;
        assertEquals(0x20, header[ssl]);
        assertEquals("client: SSL only", 0x01, header[ssl + 3]);
        assertEquals("verify: non-zero without a verified certificate", 1, header[ssl + 7]);
        assertEquals(0x21, header[ssl + 8]);
    }

    @Test
    public void clientModeAndBadVersionsAreRefusedAtConfiguration() {
        ProxyNegotiator proxy = new ProxyNegotiator();
        assertEquals("The configured protocol is not supported in the client mode",
                assertThrows(IllegalArgumentException.class, () -> proxy.validate(true, Map.of())).getMessage());
        assertEquals("protocolProxyVersion = 3: expected 1 or 2", assertThrows(IllegalArgumentException.class,
                () -> proxy.validate(false, Map.of("protocolProxyVersion", "3"))).getMessage());
        proxy.validate(false, Map.of("protocolProxyVersion", "2"));
    }

    private static byte[] tlv(int type, String value) {
        return tlv(type, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] tlv(int type, byte[] value) {
        return concat(new byte[] {(byte) type, (byte) (value.length >> 8), (byte) value.length}, value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
