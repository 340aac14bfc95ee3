package io.sluice.protocol.imap;

import io.sluice.api.protocol.PlainChannel;
import io.sluice.protocol.text.Lines;
import java.io.IOException;

/**
 * Client mode, as stunnel's: the server's greeting is read but not passed on (the capabilities it
 * may list are those before TLS); the local client gets {@code * OK Connected.} instead. Sluice
 * sends {@code STARTTLS} under its own tag and needs the tagged {@code OK}; then TLS. A server that
 * refuses gets the local client a {@code * BYE} saying why.
 */
final class ImapClient {

    static final String TAG = "sluice";

    /** Untagged lines skipped while waiting for the tagged answer (a CAPABILITY, alerts). */
    private static final int MAX_UNTAGGED = 100;

    private ImapClient() {
    }

    static void negotiate(PlainChannel server, PlainChannel localClient) throws IOException {
        String greeting = Lines.read(server, ImapServer.MAX_LINE, "imap", "the server");
        if (!Lines.startsWith(greeting, "* OK")) {
            throw new IOException("imap: Unknown server welcome: '" + Lines.printable(greeting) + "'");
        }
        Lines.write(localClient, "* OK Connected.");
        Lines.write(server, TAG + " STARTTLS");
        for (int i = 0; i <= MAX_UNTAGGED; i++) {
            String line = Lines.read(server, ImapServer.MAX_LINE, "imap", "the server");
            if (line.startsWith("* ")) {
                continue;
            }
            if (!Lines.startsWith(line, TAG + " OK")) {
                Lines.write(localClient, "* BYE Sluice: Server does not support TLS");
                throw new IOException("imap: Server does not support TLS: it answered STARTTLS with '"
                        + Lines.printable(line) + "'");
            }
            Lines.refuseInjection(server, "imap", "the server's OK to STARTTLS");
            return;
        }
        throw new IOException("imap: the server sent more than " + MAX_UNTAGGED + " untagged lines and no answer to STARTTLS");
    }
}
