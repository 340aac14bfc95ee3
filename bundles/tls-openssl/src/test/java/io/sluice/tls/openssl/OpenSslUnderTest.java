package io.sluice.tls.openssl;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.contract.ProviderUnderTest;

/** BoringSSL's wording of the failures the contract checks. */
final class OpenSslUnderTest implements ProviderUnderTest {

    @Override
    public TlsProvider provider() {
        return new OpenSslTlsProvider();
    }

    @Override
    public String noClientCertificateReason(String version) {
        return "PEER_DID_NOT_RETURN_A_CERTIFICATE";
    }

    @Override
    public String unsupportedVersionReason(String version) {
        return "UNSUPPORTED_PROTOCOL";
    }

    @Override
    public String noCommonSuiteReason() {
        return "NO_SHARED_CIPHER";
    }

    @Override
    public String noCommonAlpnReason() {
        throw new AssertionError("the openssl provider does not refuse a client without a common ALPN protocol");
    }

    @Override
    public boolean resumesTls13() {
        return true;
    }

    @Override
    public boolean choosesTls13Suites() {
        return false;
    }

    @Override
    public boolean refusesUnmatchedAlpn() {
        return false;
    }

    @Override
    public String noApplicationProtocol() {
        return null;
    }

    @Override
    public boolean sessionTimesInMillis() {
        return false;
    }
}
