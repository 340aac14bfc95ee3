package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.ClientVerificationContract;

public class OpenSslClientVerificationTest extends ClientVerificationContract {

    public OpenSslClientVerificationTest() {
        super(new OpenSslUnderTest());
    }
}
