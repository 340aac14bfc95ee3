package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.AlpnContract;

public class OpenSslAlpnTest extends AlpnContract {

    public OpenSslAlpnTest() {
        super(new OpenSslUnderTest());
    }
}
