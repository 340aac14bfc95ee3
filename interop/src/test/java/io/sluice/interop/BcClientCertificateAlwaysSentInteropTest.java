package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;

/** The same as {@link ClientCertificateAlwaysSentInteropTest}, with Bouncy Castle's BCJSSE on Sluice's side. */
public class BcClientCertificateAlwaysSentInteropTest extends ClientCertificateAlwaysSentInteropTest {

    @Override
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }
}
