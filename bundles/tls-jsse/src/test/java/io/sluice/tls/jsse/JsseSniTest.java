package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.SniContract;

public class JsseSniTest extends SniContract {

    public JsseSniTest() {
        super(new JsseUnderTest());
    }
}
