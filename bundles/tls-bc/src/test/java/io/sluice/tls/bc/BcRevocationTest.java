package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.RevocationContract;

public class BcRevocationTest extends RevocationContract {

    public BcRevocationTest() {
        super(new BcUnderTest());
    }
}
