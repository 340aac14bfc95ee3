package io.sluice.protocol.pop3;

import io.sluice.api.protocol.PlainChannel;
import io.sluice.protocol.text.Lines;
import java.io.IOException;

/**
 * Client mode, as stunnel's: the server's {@code +OK} greeting goes to the local client, Sluice
 * sends {@code STLS} and needs {@code +OK}; then TLS. The local client carries on inside TLS
 * (its CAPA, USER and PASS reach the server encrypted).
 */
final class Pop3Client {

    private Pop3Client() {
    }

    static void negotiate(PlainChannel server, PlainChannel localClient) throws IOException {
        String greeting = Lines.read(server, Pop3Server.MAX_LINE, "pop3", "the server");
        if (!Lines.startsWith(greeting, "+OK")) {
            throw new IOException("pop3: Unknown server welcome: '" + Lines.printable(greeting) + "'");
        }
        Lines.write(localClient, greeting);
        Lines.write(server, "STLS");
        String reply = Lines.read(server, Pop3Server.MAX_LINE, "pop3", "the server");
        if (!Lines.startsWith(reply, "+OK")) {
            throw new IOException("pop3: Server does not support TLS: it answered STLS with '" + Lines.printable(reply) + "'");
        }
        // A TLS server waits for the ClientHello: anything already here was sent in plaintext.
        Lines.refuseInjection(server, "pop3", "the server's +OK to STLS");
    }
}
