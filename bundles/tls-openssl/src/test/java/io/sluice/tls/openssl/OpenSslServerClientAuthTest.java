package io.sluice.tls.openssl;

import io.sluice.tls.jsse.contract.ServerClientAuthContract;

public class OpenSslServerClientAuthTest extends ServerClientAuthContract {

    public OpenSslServerClientAuthTest() {
        super(new OpenSslUnderTest());
    }
}
