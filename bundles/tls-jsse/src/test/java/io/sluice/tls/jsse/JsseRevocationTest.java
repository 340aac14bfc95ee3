package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.RevocationContract;

public class JsseRevocationTest extends RevocationContract {

    public JsseRevocationTest() {
        super(new JsseUnderTest());
    }
}
