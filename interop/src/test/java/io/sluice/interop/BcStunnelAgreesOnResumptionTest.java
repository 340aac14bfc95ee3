package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;

/** The same as {@link StunnelAgreesOnResumptionTest}, with Bouncy Castle's BCJSSE on Sluice's side. */
public class BcStunnelAgreesOnResumptionTest extends StunnelAgreesOnResumptionTest {

    @Override
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }

    /** BCJSSE 1.84 resumes TLS 1.2 sessions only: over TLS 1.3 both ends say "new" every time. */
    @Override
    protected boolean resumesTls13() {
        return false;
    }
}
