package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.SessionResumptionContract;

public class JsseSessionResumptionTest extends SessionResumptionContract {

    public JsseSessionResumptionTest() {
        super(new JsseUnderTest());
    }
}
