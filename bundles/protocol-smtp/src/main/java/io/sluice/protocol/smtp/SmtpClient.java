package io.sluice.protocol.smtp;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;

/**
 * Client mode (RFC 3207, as stunnel's protocol = smtp): Sluice is the SMTP client of the remote
 * server up to STARTTLS. The local client gets the server's greeting, so that after TLS it
 * carries on with its own EHLO, which the relay then sends through TLS.
 */
final class SmtpClient {

    private SmtpClient() {
    }

    /**
     * @param server      the remote server; TLS starts on it when this returns
     * @param localClient the local plaintext client
     * @param ehloName    the name sent in EHLO
     */
    static void negotiate(PlainChannel server, PlainChannel localClient, String ehloName) throws IOException {
        Reply greeting = Reply.read(server);
        // Passed on whatever its code: a client told "554 no service" knows why it is closed.
        Lines.write(localClient, greeting.lines());
        greeting.require(220, "as the greeting");

        Lines.write(server, "EHLO " + ehloName);
        Reply ehlo = Reply.read(server).require(250, "to EHLO");
        if (!ehlo.keywords().contains("STARTTLS")) {
            throw new IOException("smtp: the server does not offer STARTTLS; its EHLO reply lists " + ehlo.keywords());
        }

        Lines.write(server, "STARTTLS");
        Reply.read(server).require(220, "to STARTTLS");
        // A TLS server waits for the ClientHello: anything already here was sent (or injected)
        // in plaintext and would otherwise pass for the first bytes of the TLS session.
        if (server.hasBufferedInput()) {
            throw new IOException("smtp: the server sent more after its 220 reply to STARTTLS, before TLS: refused");
        }
    }
}
