package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.SniContract;

public class BcSniTest extends SniContract {

    public BcSniTest() {
        super(new BcUnderTest());
    }
}
