package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.PeerIdentityContract;

public class OpenSslPeerIdentityTest extends PeerIdentityContract {

    public OpenSslPeerIdentityTest() {
        super(new OpenSslUnderTest());
    }
}
