package io.sluice.protocol.imap;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = imap}: STARTTLS (RFC 2595, RFC 9051 6.2.1) before TLS, in client mode
 * ({@link ImapClient}) and server mode ({@link ImapServer}), as stunnel's. It reads no
 * {@code protocol*} key, so the tunnel refuses any at configuration time. Stateless.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=imap")
public final class ImapNegotiator implements ProtocolNegotiator {

    /** Set when the client chose implicit TLS, so that the real server's greeting must reach it. */
    static final String IMPLICIT_TLS = ImapNegotiator.class.getName() + ".implicitTls";

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (context.client()) {
            ImapClient.negotiate(context.tlsSide(), context.plainSide());
        } else if (!ImapServer.negotiate(context.tlsSide())) {
            context.attributes().put(IMPLICIT_TLS, Boolean.TRUE);
        }
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        if (!context.attributes().containsKey(IMPLICIT_TLS)) {
            ImapServer.consumeGreeting(context.plainSide());
        }
    }
}
