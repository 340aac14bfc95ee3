package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.bc.BcTlsProvider;

/** The same as {@link OpenSslClientResumesSluiceServerTest}, with Bouncy Castle's BCJSSE on Sluice's side. */
public class BcOpenSslClientResumesSluiceServerTest extends OpenSslClientResumesSluiceServerTest {

    @Override
    protected TlsProvider provider() {
        return new BcTlsProvider();
    }

    /** BCJSSE 1.84 resumes TLS 1.2 sessions only: a TLS 1.3 handshake is always new, and logged so. */
    @Override
    protected boolean resumesTls13() {
        return false;
    }
}
