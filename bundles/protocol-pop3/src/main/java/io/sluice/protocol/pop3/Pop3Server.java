package io.sluice.protocol.pop3;

import io.sluice.api.protocol.PlainChannel;
import io.sluice.protocol.text.Lines;
import java.io.IOException;

/**
 * Server mode: Sluice plays the POP3 server until the client sends {@code STLS}. The real server
 * is connected only after the TLS handshake (stunnel connects it first and passes its greeting
 * on), so the greeting and the CAPA answer before TLS are Sluice's; the real server's greeting,
 * which would come twice, is consumed by {@link #consumeGreeting}.
 */
final class Pop3Server {

    /** RFC 2449 4: a response line is at most 512 octets with its CR LF; commands are shorter. */
    static final int MAX_LINE = 510;

    /** Commands allowed before STLS; a real client needs two (CAPA, STLS). */
    static final int MAX_COMMANDS = 10;

    private Pop3Server() {
    }

    static void negotiate(PlainChannel client) throws IOException {
        Lines.write(client, "+OK POP3 server ready (Sluice)");
        for (int i = 0; i < MAX_COMMANDS; i++) {
            String line = Lines.read(client, MAX_LINE, "pop3", "the client");
            switch (Lines.verb(line)) {
                case "CAPA" -> Lines.write(client, "+OK capability list follows", "STLS", ".");
                case "STLS" -> {
                    startTls(client);
                    return;
                }
                case "QUIT" -> {
                    Lines.write(client, "+OK bye");
                    throw new IOException("pop3: the client quit before STLS");
                }
                // RFC 2595 4: no credentials before TLS; every other command waits for STLS.
                default -> Lines.write(client, "-ERR Must issue a STLS command first");
            }
        }
        Lines.write(client, "-ERR too many commands without STLS");
        throw new IOException("pop3: Client does not want TLS: no STLS in " + MAX_COMMANDS + " commands");
    }

    private static void startTls(PlainChannel client) throws IOException {
        // CVE-2011-0411: a command behind STLS in the same packet is refused, not answered +OK.
        if (client.hasBufferedInput()) {
            Lines.write(client, "-ERR command pipelined after STLS");
        }
        Lines.refuseInjection(client, "pop3", "STLS");
        Lines.write(client, "+OK Begin TLS negotiation");
    }

    /** After TLS, on the just connected real server: its greeting must be +OK and is not passed on. */
    static void consumeGreeting(PlainChannel server) throws IOException {
        String greeting = Lines.read(server, MAX_LINE, "pop3", "the target server");
        if (!Lines.startsWith(greeting, "+OK")) {
            throw new IOException("pop3: Unknown server welcome from the target server: '" + Lines.printable(greeting) + "'");
        }
    }
}
