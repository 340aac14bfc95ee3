package io.sluice.transport.mina;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;

/** As {@link SlowCertificateCheckTest} with BCJSSE, which checks the peer inside unwrap (no delegated tasks). */
public class BcSlowCertificateCheckTest extends SlowCertificateCheckTest {

    @Override
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }
}
