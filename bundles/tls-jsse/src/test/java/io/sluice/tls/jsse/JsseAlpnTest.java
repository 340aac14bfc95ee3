package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.AlpnContract;

public class JsseAlpnTest extends AlpnContract {

    public JsseAlpnTest() {
        super(new JsseUnderTest());
    }
}
