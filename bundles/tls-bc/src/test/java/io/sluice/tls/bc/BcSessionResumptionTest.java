package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.SessionResumptionContract;

public class BcSessionResumptionTest extends SessionResumptionContract {

    public BcSessionResumptionTest() {
        super(new BcUnderTest());
    }
}
