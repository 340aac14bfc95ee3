package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.ProtocolsAndSuitesContract;

public class OpenSslProtocolsAndSuitesTest extends ProtocolsAndSuitesContract {

    public OpenSslProtocolsAndSuitesTest() {
        super(new OpenSslUnderTest());
    }
}
