package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.ServerClientAuthContract;

public class BcServerClientAuthTest extends ServerClientAuthContract {

    public BcServerClientAuthTest() {
        super(new BcUnderTest());
    }
}
