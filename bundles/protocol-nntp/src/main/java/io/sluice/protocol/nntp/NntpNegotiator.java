package io.sluice.protocol.nntp;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.protocol.text.Lines;
import java.io.IOException;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = nntp}: STARTTLS (RFC 4642), client mode only, as stunnel's: the server's
 * {@code 200}/{@code 201} greeting goes to the local client, Sluice sends {@code STARTTLS} and needs
 * {@code 382}; then TLS. It reads no {@code protocol*} key. Stateless.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=nntp")
public final class NntpNegotiator implements ProtocolNegotiator {

    /** RFC 3977 3.1: a response's first line is at most 512 octets with its CR LF. */
    static final int MAX_LINE = 510;

    /** stunnel's words for a server section with protocol = nntp. */
    static final String SERVER_MODE = "The configured protocol is not supported in the server mode";

    @Override
    public void validate(boolean client, Map<String, String> options) {
        if (!client) {
            throw new IllegalArgumentException("protocol = nntp: " + SERVER_MODE);
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (!context.client()) {
            throw new IOException("nntp: " + SERVER_MODE);
        }
        PlainChannel server = context.tlsSide();
        String greeting = Lines.read(server, MAX_LINE, "nntp", "the server");
        if (!greeting.startsWith("200 ") && !greeting.startsWith("201 ")) {
            throw new IOException("nntp: Unknown server welcome: '" + Lines.printable(greeting) + "'");
        }
        Lines.write(context.plainSide(), greeting);
        Lines.write(server, "STARTTLS");
        String reply = Lines.read(server, MAX_LINE, "nntp", "the server");
        if (!reply.startsWith("382 ")) {
            throw new IOException("nntp: Server does not support TLS: it answered STARTTLS with '" + Lines.printable(reply) + "'");
        }
        Lines.refuseInjection(server, "nntp", "the server's 382 to STARTTLS");
    }
}
