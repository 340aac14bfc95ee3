package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.ClientVerificationContract;

public class BcClientVerificationTest extends ClientVerificationContract {

    public BcClientVerificationTest() {
        super(new BcUnderTest());
    }
}
