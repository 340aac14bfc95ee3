package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.PeerIdentityContract;

public class JssePeerIdentityTest extends PeerIdentityContract {

    public JssePeerIdentityTest() {
        super(new JsseUnderTest());
    }
}
