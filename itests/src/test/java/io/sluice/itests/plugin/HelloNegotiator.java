package io.sluice.itests.plugin;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A throw-away protocol for the tests: in server mode, greets the client in plaintext with
 * "HELLO tunnel-name" before TLS starts. Packaged at test time as a bundle of its own.
 */
public final class HelloNegotiator implements ProtocolNegotiator {

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        context.tlsSide().write(("HELLO " + context.tunnelName() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
