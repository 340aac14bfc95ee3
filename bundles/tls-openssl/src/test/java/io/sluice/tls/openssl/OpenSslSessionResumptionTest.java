package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.SessionResumptionContract;

public class OpenSslSessionResumptionTest extends SessionResumptionContract {

    public OpenSslSessionResumptionTest() {
        super(new OpenSslUnderTest());
    }
}
