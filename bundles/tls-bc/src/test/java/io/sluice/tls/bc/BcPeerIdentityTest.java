package io.sluice.tls.bc;

import io.sluice.tls.jsse.contract.PeerIdentityContract;

public class BcPeerIdentityTest extends PeerIdentityContract {

    public BcPeerIdentityTest() {
        super(new BcUnderTest());
    }
}
