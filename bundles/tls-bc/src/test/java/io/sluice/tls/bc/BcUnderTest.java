package io.sluice.tls.bc;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.contract.ProviderUnderTest;

/** BCJSSE's wording of the failures the contract checks: the TLS alert it sends. */
final class BcUnderTest implements ProviderUnderTest {

    @Override
    public TlsProvider provider() {
        return new BcTlsProvider();
    }

    @Override
    public String noClientCertificateReason(String version) {
        // The alerts RFC 8446 and RFC 5246 prescribe.
        return "TLSv1.3".equals(version) ? "certificate_required" : "handshake_failure";
    }

    @Override
    public String unsupportedVersionReason(String version) {
        return "protocol_version";
    }

    @Override
    public String noCommonSuiteReason() {
        return "found no selectable cipher suite";
    }

    @Override
    public String noCommonAlpnReason() {
        return "no_application_protocol";
    }

    @Override
    public boolean resumesTls13() {
        return false;
    }
}
