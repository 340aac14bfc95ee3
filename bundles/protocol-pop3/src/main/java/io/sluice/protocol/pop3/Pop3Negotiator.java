package io.sluice.protocol.pop3;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = pop3}: STLS (RFC 2595) before TLS, in client mode ({@link Pop3Client}) and
 * server mode ({@link Pop3Server}), as stunnel's. It reads no {@code protocol*} key, so the tunnel
 * refuses any at configuration time. Stateless: one instance serves every connection.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=pop3")
public final class Pop3Negotiator implements ProtocolNegotiator {

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (context.client()) {
            Pop3Client.negotiate(context.tlsSide(), context.plainSide());
        } else {
            Pop3Server.negotiate(context.tlsSide());
        }
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        Pop3Server.consumeGreeting(context.plainSide());
    }
}
