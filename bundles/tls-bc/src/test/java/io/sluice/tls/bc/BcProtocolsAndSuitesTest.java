package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.ProtocolsAndSuitesContract;

public class BcProtocolsAndSuitesTest extends ProtocolsAndSuitesContract {

    public BcProtocolsAndSuitesTest() {
        super(new BcUnderTest());
    }
}
