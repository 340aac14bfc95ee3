package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.proxy.ProxyNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * protocol = proxy: HAProxy 2.6 with {@code accept-proxy} behind a Sluice server tunnel answers
 * with the client address and destination it took from Sluice's PROXY header (v1 and v2), and the
 * SNI Sluice passed as the v2 AUTHORITY TLV. curl connects from 127.0.0.2, so that the address
 * HAProxy reports can only have come from the header (Sluice itself connects from 127.0.0.1).
 * HAProxy 2.6 has no fetch for the SSL TLV: openssl s_client with a client certificate and a raw
 * backend show that TLV's bytes.
 */
public class HaproxyBehindProxyTunnelTest {

    @Rule
    public final Interop interop = new Interop();

    private final CountingObserver observer = new CountingObserver();
    private Identity identity;
    private int haproxyPort;

    @Before
    public void startHaproxy() throws Exception {
        identity = interop.identity("sluice");
        haproxyPort = Interop.freePort();
        interop.haproxy("haproxy", haproxyPort, "frontend fe\n"
                + "    mode http\n"
                + "    bind 127.0.0.1:" + haproxyPort + " accept-proxy\n"
                + "    http-request return status 200 content-type text/plain lf-string"
                + " \"client=%[src]:%[src_port] dst=%[dst]:%[dst_port] authority=%[fc_pp_authority]\\n\"\n");
    }

    private int tunnel(String version) throws Exception {
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).alpn(List.of("http/1.1")).build();
        Map<String, String> options = new HashMap<>();
        if (version != null) {
            options.put("protocolProxyVersion", version);
        }
        Listener tunnel = interop.sluiceServer(settings, haproxyPort, observer, new ProxyNegotiator(), options);
        return tunnel.boundAddress().getPort();
    }

    /** curl from 127.0.0.2 through the tunnel; HAProxy's answer. */
    private String curl(int port) throws Exception {
        Peer curl = interop.start("curl", List.of(Interop.binary("curl"), "-sS", "--max-time", "15", "--http1.1",
                "--interface", "127.0.0.2", "--cacert", identity.cert().toString(),
                "-o", interop.dir().resolve("body.txt").toString(), "https://localhost:" + port + "/"), false);
        assertEquals("curl: " + Interop.read(curl.log()), 0, curl.awaitExit(Duration.ofSeconds(20)));
        return Files.readString(interop.dir().resolve("body.txt"));
    }

    @Test(timeout = 60_000)
    public void haproxySeesTheRealClientInAV1Header() throws Exception {
        int port = tunnel(null);
        String answer = curl(port);
        assertTrue(answer, answer.startsWith("client=127.0.0.2:"));
        assertTrue(answer, answer.contains(" dst=127.0.0.1:" + port + " "));
        assertTrue("v1 has no TLVs: " + answer, answer.endsWith("authority=\n"));
    }

    @Test(timeout = 60_000)
    public void haproxySeesTheRealClientAndTheSniInAV2Header() throws Exception {
        int port = tunnel("2");
        String answer = curl(port);
        assertTrue(answer, answer.startsWith("client=127.0.0.2:"));
        assertTrue(answer, answer.contains(" dst=127.0.0.1:" + port + " "));
        assertTrue(answer, answer.endsWith("authority=localhost\n"));
    }

    /** openssl s_client with a client certificate the tunnel verifies; the backend keeps the header's bytes. */
    @Test(timeout = 60_000)
    public void theV2SslTlvCarriesVersionCipherAlpnAndTheVerifiedClientsCn() throws Exception {
        Identity alice = interop.identity("alice", "alice", List.of("alice.example"));
        try (ServerSocket backend = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<byte[]> header = CompletableFuture.supplyAsync(() -> {
                try (Socket s = backend.accept()) {
                    return readV2(s.getInputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material()).alpn(List.of("http/1.1"))
                    .trustAnchors(List.of(alice.certificate())).verifyChain(true).build();
            int port = interop.sluiceServer(settings, backend.getLocalPort(), observer, new ProxyNegotiator(),
                    Map.of("protocolProxyVersion", "2")).boundAddress().getPort();
            interop.start("s_client", List.of(Interop.binary("openssl"), "s_client", "-connect",
                    "127.0.0.1:" + port, "-servername", "localhost", "-alpn", "http/1.1", "-cert", alice.cert().toString(),
                    "-key", alice.key().toString(), "-CAfile", identity.cert().toString()), true);
            byte[] body = header.get(20, TimeUnit.SECONDS);
            Map<Integer, byte[]> tlvs = tlvs(body, 12, body.length);
            assertEquals("http/1.1", text(tlvs.get(0x01)));
            assertEquals("localhost", text(tlvs.get(0x02)));
            byte[] ssl = tlvs.get(0x20);
            assertEquals("client: SSL, certificate in connection and session", 0x07, ssl[0]);
            assertEquals("verify: 0 (verified)", 0, ssl[1] | ssl[2] | ssl[3] | ssl[4]);
            Map<Integer, byte[]> sub = tlvs(ssl, 5, ssl.length);
            assertEquals("TLSv1.3", text(sub.get(0x21)));
            assertEquals("alice", text(sub.get(0x22)));
            assertTrue(text(sub.get(0x23)), text(sub.get(0x23)).startsWith("TLS_AES_"));
        }
    }

    /** The v2 header: signature, TCP over IPv4 from 127.0.0.1 (s_client's address), the body with its TLVs. */
    private static byte[] readV2(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        byte[] head = new byte[16];
        data.readFully(head);
        assertEquals("version 2, PROXY", 0x21, head[12]);
        assertEquals("TCP over IPv4", 0x11, head[13]);
        byte[] body = new byte[((head[14] & 0xff) << 8) | (head[15] & 0xff)];
        data.readFully(body);
        assertEquals(127, body[0]);
        return body;
    }

    private static Map<Integer, byte[]> tlvs(byte[] bytes, int from, int to) {
        Map<Integer, byte[]> found = new HashMap<>();
        int i = from;
        while (i + 3 <= to) {
            int type = bytes[i] & 0xff;
            int length = ((bytes[i + 1] & 0xff) << 8) | (bytes[i + 2] & 0xff);
            byte[] value = java.util.Arrays.copyOfRange(bytes, i + 3, i + 3 + length);
            found.put(type, value);
            i += 3 + length;
        }
        assertEquals("TLVs fill the header exactly", to, i);
        return found;
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }
}
