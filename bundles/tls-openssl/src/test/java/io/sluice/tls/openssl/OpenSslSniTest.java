package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.SniContract;

public class OpenSslSniTest extends SniContract {

    public OpenSslSniTest() {
        super(new OpenSslUnderTest());
    }
}
