package io.sluice.tls.bc.psk;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.tls.jsse.contract.Handshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.Test;

/**
 * The PSK engine's contract, Sluice client against Sluice server in memory: the handshake in both
 * protocol versions, which keys and identities are accepted, data both ways in records of every
 * size, partial records, half-close and close.
 */
public class PskEngineTest {

    static final byte[] KEY = "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = hex("00112233445566778899aabbccddeeff");

    static PreSharedKeys keys(String clientIdentity, PreSharedKeys.Key... keys) {
        return new PreSharedKeys(List.of(keys), clientIdentity);
    }

    static PreSharedKeys.Key key(String identity, byte[] secret) {
        return new PreSharedKeys.Key(identity, secret);
    }

    static TlsContext context(boolean client, PreSharedKeys keys, String min, String max) throws GeneralSecurityException {
        TlsSettings settings = TlsSettings.builder(client).versionMin(min).versionMax(max).psk(keys).build();
        return new BcTlsProvider().newContext(settings);
    }

    static Handshake.Result handshake(PreSharedKeys clientKeys, PreSharedKeys serverKeys, String min, String max)
            throws Exception {
        TlsContext client = context(true, clientKeys, min, max);
        TlsContext server = context(false, serverKeys, min, max);
        return Handshake.run(client.newEngine("server.example", 443), server.newEngine("127.0.0.1", 50000));
    }

    @Test
    public void tls13ExternalPskConnectsAndCarriesDataBothWays() throws Exception {
        PreSharedKeys keys = keys(null, key("alice", KEY));
        TlsContext serverContext = context(false, keys, "TLSv1.2", "TLSv1.3");
        SSLEngine server = serverContext.newEngine("127.0.0.1", 1);
        Handshake.Result result = Handshake.run(context(true, keys, "TLSv1.2", "TLSv1.3").newEngine("h", 1), server)
                .assertOk();
        assertEquals("TLSv1.3", result.clientSession().getProtocol());
        assertEquals("TLS_AES_128_GCM_SHA256", server.getSession().getCipherSuite());
        assertEquals("alice", serverContext.pskIdentity(server));
        assertEquals("", server.getApplicationProtocol());
        try {
            server.getSession().getPeerCertificates();
            fail("a PSK peer has no certificate");
        } catch (SSLPeerUnverifiedException expected) {
            // the tunnel's connection list shows no subject
        }
    }

    @Test
    public void tls12UsesForwardSecretPskSuite() throws Exception {
        PreSharedKeys keys = keys(null, key("alice", KEY));
        Handshake.Result result = handshake(keys, keys, "TLSv1.2", "TLSv1.2").assertOk();
        assertEquals("TLSv1.2", result.clientSession().getProtocol());
        assertEquals("TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", result.server().getSession().getCipherSuite());
    }

    @Test
    public void serverAcceptsEveryIdentityOfItsFileAndClientUsesItsPskIdentity() throws Exception {
        PreSharedKeys server = keys(null, key("alice", KEY), key("bob", OTHER_KEY));
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            TlsContext serverContext = context(false, server, version, version);
            SSLEngine engine = serverContext.newEngine("127.0.0.1", 1);
            Handshake.run(context(true, keys("bob", key("alice", KEY), key("bob", OTHER_KEY)), version, version)
                    .newEngine("h", 1), engine).assertOk();
            assertEquals(version, "bob", serverContext.pskIdentity(engine));
        }
    }

    /** One context serves many connections: a key handed to Bouncy Castle (which wipes it after use) is a copy. */
    @Test
    public void oneContextServesConnectionAfterConnection() throws Exception {
        PreSharedKeys keys = keys(null, key("alice", KEY));
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            TlsContext client = context(true, keys, version, version);
            TlsContext server = context(false, keys, version, version);
            for (int i = 0; i < 3; i++) {
                Handshake.run(client.newEngine("h", 1), server.newEngine("h", 1)).assertOk();
            }
        }
    }

    @Test
    public void clientWithoutPskIdentityUsesTheFirstOfItsFile() {
        assertEquals("carol", keys(null, key("carol", KEY), key("alice", OTHER_KEY)).clientKey().identity());
    }

    @Test
    public void wrongKeyFailsTls13() throws Exception {
        handshake(keys(null, key("alice", OTHER_KEY)), keys(null, key("alice", KEY)), "TLSv1.3", "TLSv1.3")
                .assertServerRejected("decrypt_error(51): Failed to process record (do both sides hold the same pre-shared key?)");
    }

    @Test
    public void wrongKeyFailsTls12() throws Exception {
        Handshake.Result result = handshake(keys(null, key("alice", OTHER_KEY)), keys(null, key("alice", KEY)),
                "TLSv1.2", "TLSv1.2");
        result.assertServerRejected("bad_record_mac(20): Failed to process record (do both sides hold the same pre-shared key?)").assertClientRejected("do both sides hold the same pre-shared key?");
    }

    @Test
    public void unknownIdentityFailsWithItsNameTls13() throws Exception {
        handshake(keys(null, key("mallory", KEY)), keys(null, key("alice", KEY)), "TLSv1.3", "TLSv1.3")
                .assertServerRejected("unknown PSK identity 'mallory'")
                .assertClientRejected("handshake_failure");
    }

    @Test
    public void unknownIdentityFailsWithItsNameTls12() throws Exception {
        handshake(keys(null, key("mallory", KEY)), keys(null, key("alice", KEY)), "TLSv1.2", "TLSv1.2")
                .assertServerRejected("unknown PSK identity 'mallory'")
                .assertClientRejected("unknown_psk_identity");
    }

    @Test
    public void clientOfBothVersionsFallsBackToTls12WithATls12Server() throws Exception {
        PreSharedKeys keys = keys(null, key("alice", KEY));
        Handshake.Result result = Handshake.run(context(true, keys, "TLSv1.2", "TLSv1.3").newEngine("h", 1),
                context(false, keys, "TLSv1.2", "TLSv1.2").newEngine("h", 1)).assertOk();
        assertEquals("TLSv1.2", result.clientSession().getProtocol());
        assertEquals("TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", result.clientSession().getCipherSuite());
    }

    @Test
    public void onlyTls12ClientMeetsTls13OnlyServer() throws Exception {
        PreSharedKeys keys = keys(null, key("alice", KEY));
        Handshake.Result result = Handshake.run(context(true, keys, "TLSv1.2", "TLSv1.2").newEngine("h", 1),
                context(false, keys, "TLSv1.3", "TLSv1.3").newEngine("h", 1));
        result.assertServerRejected("protocol_version");
    }

    // ---- data, records and close, through a pump of our own ----------------------------------------

    @Test
    public void aMegabyteUpAndDataDownInWritesOfManySizes() throws Exception {
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            Pair pair = Pair.connected(version);
            byte[] up = random(1_000_003);
            byte[] down = random(77_777);
            assertArrayEquals(version + " client to server", up, pair.send(pair.client, pair.server, up, 65536));
            assertArrayEquals(version + " server to client", down, pair.send(pair.server, pair.client, down, 333));
        }
    }

    @Test
    public void partialRecordWaitsForTheRestAndGarbageFailsAtOnce() throws Exception {
        Pair pair = Pair.connected("TLSv1.3");
        ByteBuffer records = pair.wrapAll(pair.client, "hello".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer out = ByteBuffer.allocate(PskSession.PACKET_SIZE);
        ByteBuffer head = ByteBuffer.wrap(records.array(), 0, 4);
        assertEquals(Status.BUFFER_UNDERFLOW, pair.server.unwrap(head, out).getStatus());
        ByteBuffer most = ByteBuffer.wrap(records.array(), 0, records.limit() - 1);
        assertEquals(Status.BUFFER_UNDERFLOW, pair.server.unwrap(most, out).getStatus());
        assertEquals(0, most.position());
        SSLEngineResult whole = pair.server.unwrap(records, out);
        assertEquals(Status.OK, whole.getStatus());
        assertEquals(5, whole.bytesProduced());

        SSLEngine server = context(false, keys(null, key("alice", KEY)), "TLSv1.2", "TLSv1.3").newEngine("h", 1);
        server.beginHandshake();
        try {
            server.unwrap(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)), out);
            fail("plaintext HTTP is no TLS record");
        } catch (SSLException expected) {
            assertTrue(expected.getMessage(), server.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP);
        }
    }

    @Test
    public void closeNotifyEndsOneDirectionOnlyThenTheOther() throws Exception {
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            Pair pair = Pair.connected(version);
            pair.client.closeOutbound();
            ByteBuffer closeNotify = pair.wrapAll(pair.client, new byte[0]);
            assertTrue(version, pair.client.isOutboundDone());
            ByteBuffer sink = ByteBuffer.allocate(PskSession.PACKET_SIZE);
            assertEquals(version, Status.CLOSED, pair.server.unwrap(closeNotify, sink).getStatus());
            assertTrue(pair.server.isInboundDone());
            // The server still answers: stunnel relays a half-close.
            byte[] late = random(40_000);
            assertArrayEquals(version + " after the client's close_notify", late,
                    pair.send(pair.server, pair.client, late, 4096));
            pair.server.closeOutbound();
            ByteBuffer serverClose = pair.wrapAll(pair.server, new byte[0]);
            assertEquals(version, Status.CLOSED, pair.client.unwrap(serverClose, sink).getStatus());
            assertEquals(version, Status.CLOSED, pair.server.wrap(ByteBuffer.wrap(late), sink).getStatus());
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        ThreadLocalRandom.current().nextBytes(data);
        return data;
    }

    static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** A connected client and server engine, and a pump that moves bytes as TlsFilter does. */
    private static final class Pair {
        final SSLEngine client;
        final SSLEngine server;

        private Pair(SSLEngine client, SSLEngine server) {
            this.client = client;
            this.server = server;
        }

        static Pair connected(String version) throws Exception {
            PreSharedKeys keys = keys(null, key("alice", KEY));
            Handshake.Result result = handshake(keys, keys, version, version).assertOk();
            return new Pair(result.client(), result.server());
        }

        /** All of data as records, with the packet-sized buffers TlsFilter allocates. */
        ByteBuffer wrapAll(SSLEngine from, byte[] data) throws SSLException {
            ByteBuffer src = ByteBuffer.wrap(data);
            ByteBuffer out = ByteBuffer.allocate((1 + data.length / 16384) * from.getSession().getPacketBufferSize());
            do {
                SSLEngineResult result = from.wrap(src, out);
                if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                    ByteBuffer bigger = ByteBuffer.allocate(out.capacity() + from.getSession().getPacketBufferSize());
                    out.flip();
                    out = bigger.put(out);
                } else if (result.getStatus() == Status.CLOSED) {
                    break;
                }
            } while (src.hasRemaining());
            return out.flip();
        }

        /** Wraps data in writes of {@code chunk} bytes and unwraps the stream in slices of 1000 bytes. */
        byte[] send(SSLEngine from, SSLEngine to, byte[] data, int chunk) throws SSLException {
            ByteBuffer received = ByteBuffer.allocate(data.length + to.getSession().getApplicationBufferSize());
            ByteBuffer pending = ByteBuffer.allocate(0);
            for (int offset = 0; offset < data.length; offset += chunk) {
                byte[] piece = java.util.Arrays.copyOfRange(data, offset, Math.min(data.length, offset + chunk));
                ByteBuffer records = wrapAll(from, piece);
                ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + records.remaining()).put(pending).put(records);
                joined.flip();
                while (joined.hasRemaining()) {
                    int slice = Math.min(1000, joined.remaining());
                    ByteBuffer view = joined.duplicate();
                    view.limit(view.position() + slice);
                    SSLEngineResult result = to.unwrap(view, received);
                    if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                        if (slice == joined.remaining()) {
                            break; // the rest comes with the next write
                        }
                        view.limit(joined.limit()); // more than a slice: hand it the whole rest
                        result = to.unwrap(view, received);
                        if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                            break;
                        }
                    }
                    assertEquals(Status.OK, result.getStatus());
                    joined.position(view.position());
                }
                pending = joined.slice();
            }
            assertEquals("no partial record left", 0, pending.remaining());
            byte[] out = new byte[received.position()];
            received.flip().get(out);
            return out;
        }
    }
}
