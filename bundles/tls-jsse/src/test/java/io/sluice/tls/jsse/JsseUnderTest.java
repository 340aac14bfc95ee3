package io.sluice.tls.jsse;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.contract.ProviderUnderTest;

/** SunJSSE's wording of the failures the contract checks. */
final class JsseUnderTest implements ProviderUnderTest {

    @Override
    public TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Override
    public String noClientCertificateReason(String version) {
        return "Empty client certificate chain";
    }

    @Override
    public String unsupportedVersionReason(String version) {
        return version;
    }

    @Override
    public String noCommonSuiteReason() {
        return "no cipher suites in common";
    }

    @Override
    public String noCommonAlpnReason() {
        return "No matching application layer protocol values";
    }

    @Override
    public boolean resumesTls13() {
        return true;
    }
}
