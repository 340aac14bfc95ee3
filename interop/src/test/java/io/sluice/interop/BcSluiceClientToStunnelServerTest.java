package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;

/** The same as {@link SluiceClientToStunnelServerTest}, with Bouncy Castle's BCJSSE on Sluice's side. */
public class BcSluiceClientToStunnelServerTest extends SluiceClientToStunnelServerTest {

    @Override
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }

    /**
     * BCJSSE has no TLS half-close: closeOutbound ends both directions (TlsProtocol keeps one
     * "closed" flag), so a FIN relayed as close_notify cuts off the data still coming back. The
     * transport has to learn that; until then the BC variant proves bulk data without the FIN.
     */
    @Override
    protected boolean halfClose() {
        return false;
    }
}
