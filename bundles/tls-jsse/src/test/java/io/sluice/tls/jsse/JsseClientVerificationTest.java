package io.sluice.tls.jsse;

import io.sluice.tls.jsse.contract.ClientVerificationContract;

public class JsseClientVerificationTest extends ClientVerificationContract {

    public JsseClientVerificationTest() {
        super(new JsseUnderTest());
    }
}
