package io.sluice.tls.bc;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.Handshake;
import io.sluice.tls.jsse.contract.Settings;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import org.junit.Test;

/**
 * What closeOutbound does to the inbound side, which decides whether a tunnel may relay a FIN as
 * close_notify and still receive the peer's remaining data (TLS 1.3 allows that half-close).
 */
public class HalfCloseTest {

    /** The client's inbound side right after it closed its outbound side and sent close_notify. */
    private static boolean inboundDoneAfterCloseOutbound(TlsProvider provider) throws Exception {
        Handshake.Result result = Handshake.run(Settings.client(provider).engine("localhost"),
                Settings.server(provider).engine("127.0.0.1")).assertOk();
        SSLEngine client = result.client();
        client.closeOutbound();
        client.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(client.getSession().getPacketBufferSize()));
        return client.isInboundDone();
    }

    @Test
    public void sunJsseKeepsReadingAfterClosingItsOutboundSide() throws Exception {
        assertFalse(inboundDoneAfterCloseOutbound(new JsseTlsProvider()));
    }

    @Test
    public void bcJsseClosesBothDirectionsAtOnce() throws Exception {
        assertTrue(inboundDoneAfterCloseOutbound(new BcTlsProvider()));
    }
}
