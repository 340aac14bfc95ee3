package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.ProtocolsAndSuitesContract;

public class JsseProtocolsAndSuitesTest extends ProtocolsAndSuitesContract {

    public JsseProtocolsAndSuitesTest() {
        super(new JsseUnderTest());
    }
}
