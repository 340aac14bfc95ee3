package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.RevocationContract;

public class OpenSslRevocationTest extends RevocationContract {

    public OpenSslRevocationTest() {
        super(new OpenSslUnderTest());
    }
}
