package io.sluice.tls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.tls.jsse.contract.Handshake;
import io.sluice.tls.jsse.contract.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.Test;

/**
 * TLS half-close with BoringSSL, as a tunnel relays a FIN: the client's close_notify ends the
 * server's inbound side only, and what the server still sends reaches the client (issue 21).
 */
public class OpenSslHalfCloseTest {

    @Test
    public void afterTheClientsCloseNotifyTheServerStillSendsAndTheClientReads() throws Exception {
        Handshake.Result pair = Handshake.run(Settings.client(new OpenSslTlsProvider()).engine("localhost"),
                Settings.server(new OpenSslTlsProvider()).engine("127.0.0.1")).assertOk();
        SSLEngine client = pair.client();
        SSLEngine server = pair.server();
        client.closeOutbound();
        ByteBuffer closeNotify = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), closeNotify);
        assertFalse("the client still reads", client.isInboundDone());

        ByteBuffer plain = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        SSLEngineResult read = server.unwrap(closeNotify.flip(), plain);
        while (read.getStatus() == SSLEngineResult.Status.OK && closeNotify.hasRemaining()) {
            read = server.unwrap(closeNotify, plain); // TLS 1.3: tickets or the like before it
        }
        assertEquals(SSLEngineResult.Status.CLOSED, read.getStatus());
        assertTrue(server.isInboundDone());
        assertFalse("the server may still send", server.isOutboundDone());

        ByteBuffer record = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        SSLEngineResult sent = server.wrap(ByteBuffer.wrap("after the FIN".getBytes(StandardCharsets.US_ASCII)), record);
        assertEquals(SSLEngineResult.Status.OK, sent.getStatus());
        ByteBuffer got = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        record.flip();
        SSLEngineResult received = client.unwrap(record, got);
        while (record.hasRemaining() && received.getStatus() == SSLEngineResult.Status.OK) {
            received = client.unwrap(record, got); // tickets before the data
        }
        assertEquals("data, not the end (Netty says CLOSED once its close_notify is out)",
                SSLEngineResult.Status.OK, received.getStatus());
        assertEquals("after the FIN", new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII));
        assertFalse(client.isInboundDone());
    }
}
