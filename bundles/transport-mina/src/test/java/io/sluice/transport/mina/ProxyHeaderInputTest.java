package io.sluice.transport.mina;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sluice.api.access.AccessDecision;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.ProxyInput;
import io.sluice.api.transport.TunnelSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.Rule;
import org.junit.Test;

/**
 * proxyProtocol = accept: a v1 or v2 header from a trusted load balancer names the client the
 * access check sees; the bytes right behind it (the ClientHello, in the same packet) are the
 * client's; anything else is refused with one closed connection.
 */
public class ProxyHeaderInputTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private final CountingObserver observer = new CountingObserver();
    private final AtomicReference<InetSocketAddress> seenClient = new AtomicReference<>();
    private final AtomicReference<InetSocketAddress> seenLocal = new AtomicReference<>();

    private Listener behindBalancer(String network, int prefix) throws Exception {
        TunnelSpec spec = Fixtures.serverSpec("behind", List.of(fx.backend(Fixtures.echo()).target()), Failover.PRIO,
                Fixtures.timeouts(), observer);
        ProxyInput balancers = new ProxyInput(List.of(new ProxyInput.Network(InetAddress.getByName(network), prefix)));
        return fx.listen(spec.toBuilder().proxyInput(balancers).access((name, client, server) -> {
            seenClient.set(client);
            seenLocal.set(server);
            return CompletableFuture.completedFuture(AccessDecision.allow("test"));
        }).build());
    }

    /** Sends the header, then speaks TLS on the same socket and expects its bytes echoed. */
    private void throughWithHeader(Listener tunnel, byte[] header) throws Exception {
        Socket raw = fx.plainClient(tunnel.boundAddress());
        OutputStream out = raw.getOutputStream();
        out.write(header);
        out.flush();
        try (SSLSocket tls = (SSLSocket) Fixtures.jdkClient().getSocketFactory().createSocket(raw, "localhost",
                tunnel.boundAddress().getPort(), true)) {
            tls.startHandshake();
            tls.getOutputStream().write("ok".getBytes(US_ASCII));
            assertArrayEquals("ok".getBytes(US_ASCII), Fixtures.readExactly(tls.getInputStream(), 2));
        }
    }

    @Test(timeout = 20_000)
    public void aV1HeaderNamesTheClientTheAccessCheckSees() throws Exception {
        Listener tunnel = behindBalancer("127.0.0.0", 8);
        throughWithHeader(tunnel, "PROXY TCP4 192.0.2.7 198.51.100.1 50312 443\r\n".getBytes(US_ASCII));
        assertEquals(new InetSocketAddress("192.0.2.7", 50312), seenClient.get());
        assertEquals(new InetSocketAddress("198.51.100.1", 443), seenLocal.get());
    }

    @Test(timeout = 20_000)
    public void aV2HeaderWithTlvsNamesAnIpv6Client() throws Exception {
        Listener tunnel = behindBalancer("127.0.0.1", 32);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(ProxyHeaderReader.V2_SIGNATURE);
        header.write(new byte[] {0x21, 0x21, 0, 36 + 7});
        header.write(InetAddress.getByName("2001:db8::7").getAddress());
        header.write(InetAddress.getByName("2001:db8::1").getAddress());
        header.write(new byte[] {(byte) 0xc4, 0x48, 0x01, (byte) 0xbb}); // 50248, 443
        header.write(new byte[] {0x02, 0, 4, 'a', '.', 'e', 'x'}); // an AUTHORITY TLV, skipped
        // The ClientHello goes in the same write as the header: it must reach TLS untouched.
        throughWithHeader(tunnel, header.toByteArray());
        assertEquals(new InetSocketAddress("2001:db8::7", 50248), seenClient.get());
        assertEquals(new InetSocketAddress("2001:db8::1", 443), seenLocal.get());
    }

    @Test(timeout = 20_000)
    public void aV2LocalHeaderLeavesTheBalancersOwnAddress() throws Exception {
        Listener tunnel = behindBalancer("127.0.0.1", 32);
        byte[] local = new byte[16];
        System.arraycopy(ProxyHeaderReader.V2_SIGNATURE, 0, local, 0, 12);
        local[12] = 0x20; // v2, LOCAL: a health check
        throughWithHeader(tunnel, local);
        assertEquals(InetAddress.getByName("127.0.0.1"), seenClient.get().getAddress());
    }

    @Test(timeout = 20_000)
    public void hostileOrMissingHeadersCostOneConnectionEach() throws Exception {
        Listener tunnel = behindBalancer("127.0.0.1", 32);
        byte[] tooLong = new byte[200];
        java.util.Arrays.fill(tooLong, (byte) '1');
        System.arraycopy("PROXY TCP4 ".getBytes(US_ASCII), 0, tooLong, 0, 11);
        byte[] hugeV2 = new byte[16];
        System.arraycopy(ProxyHeaderReader.V2_SIGNATURE, 0, hugeV2, 0, 12);
        hugeV2[12] = 0x21;
        hugeV2[13] = 0x11;
        hugeV2[14] = (byte) 0xff;
        hugeV2[15] = (byte) 0xff;
        List<byte[]> bad = List.of(
                new byte[] {0x16, 0x03, 0x01, 0x00}, // TLS without a header
                "PROXY TCP4 999.0.0.1 127.0.0.1 1 2\r\n".getBytes(US_ASCII),
                "PROXY TCP4 lb.example 127.0.0.1 1 2\r\n".getBytes(US_ASCII),
                "PROXY UDP4 1.2.3.4 127.0.0.1 1 2\r\n".getBytes(US_ASCII),
                "GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII),
                tooLong, hugeV2);
        for (byte[] header : bad) {
            try (Socket refused = fx.plainClient(tunnel.boundAddress())) {
                refused.getOutputStream().write(header);
                assertEquals("closed without a byte", -1, refused.getInputStream().read());
            }
        }
        try (Socket early = fx.plainClient(tunnel.boundAddress())) {
            early.getOutputStream().write("PROXY TCP4 1.2".getBytes(US_ASCII));
            early.shutdownOutput(); // early close in the middle of the header
            assertEquals(-1, early.getInputStream().read());
        }
        Fixtures.await("every refusal counted", 5_000, () -> observer.refused.get() == bad.size() + 1);
        assertNull("no access check for any of them", seenClient.get());
        // The tunnel still serves a well-formed one.
        throughWithHeader(tunnel, "PROXY TCP4 192.0.2.9 127.0.0.1 40000 443\r\n".getBytes(US_ASCII));
        assertEquals(new InetSocketAddress("192.0.2.9", 40000), seenClient.get());
    }

    @Test(timeout = 20_000)
    public void aConnectionFromAnAddressNotInProxyFromIsRefusedBeforeReading() throws Exception {
        Listener tunnel = behindBalancer("10.0.0.0", 8);
        try (Socket stranger = fx.plainClient(tunnel.boundAddress())) {
            stranger.getOutputStream().write("PROXY TCP4 192.0.2.7 127.0.0.1 50312 443\r\n".getBytes(US_ASCII));
            assertEquals(-1, stranger.getInputStream().read());
        }
        Fixtures.await("refusal counted", 5_000, () -> observer.refused.get() == 1);
        assertNull(seenClient.get());
    }
}
