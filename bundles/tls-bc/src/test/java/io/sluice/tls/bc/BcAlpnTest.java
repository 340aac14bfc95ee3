package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.AlpnContract;

public class BcAlpnTest extends AlpnContract {

    public BcAlpnTest() {
        super(new BcUnderTest());
    }
}
