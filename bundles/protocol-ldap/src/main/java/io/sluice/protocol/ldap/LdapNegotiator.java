package io.sluice.protocol.ldap;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = ldap}: the StartTLS extended operation (RFC 4511 4.14, RFC 4513 3), client
 * mode only, as stunnel's: Sluice sends the request as message 1, needs {@code success}; then TLS.
 * The local client (ldapsearch, an application) speaks LDAP inside TLS and sees none of it. It
 * reads no {@code protocol*} key. Stateless.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=ldap")
public final class LdapNegotiator implements ProtocolNegotiator {

    /** stunnel's words for a server section with a client-only protocol. */
    static final String SERVER_MODE = "The configured protocol is not supported in the server mode";

    @Override
    public void validate(boolean client, Map<String, String> options) {
        if (!client) {
            throw new IllegalArgumentException("protocol = ldap: " + SERVER_MODE);
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (!context.client()) {
            throw new IOException("ldap: " + SERVER_MODE);
        }
        PlainChannel server = context.tlsSide();
        server.write(StartTls.REQUEST);
        StartTls.checkResponse(StartTls.readMessage(server));
        // A TLS server waits for the ClientHello: anything already here was sent in plaintext.
        if (server.hasBufferedInput()) {
            throw new IOException("ldap: plaintext received after the server's StartTLS response, before TLS (injection): refused");
        }
    }
}
