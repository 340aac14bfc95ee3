package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.ServerClientAuthContract;

public class JsseServerClientAuthTest extends ServerClientAuthContract {

    public JsseServerClientAuthTest() {
        super(new JsseUnderTest());
    }
}
