package io.sluice.protocol.pgsql;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = pgsql}: PostgreSQL's SSLRequest before TLS, in client mode
 * ({@link PgsqlClient}) and server mode ({@link PgsqlServer}), as stunnel's. It reads no
 * {@code protocol*} key. Stateless.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=pgsql")
public final class PgsqlNegotiator implements ProtocolNegotiator {

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (context.client()) {
            PgsqlClient.negotiate(context.tlsSide());
        } else {
            PgsqlServer.negotiate(context.tlsSide());
        }
    }
}
