package io.sluice.protocol.imap;

import io.sluice.api.protocol.PlainChannel;
import io.sluice.protocol.text.Lines;
import java.io.IOException;

/**
 * Server mode: Sluice plays the IMAP server in the not-authenticated state until the client sends
 * {@code STARTTLS}. The real server is connected only after the TLS handshake (stunnel connects it
 * first and forwards CAPABILITY to it), so the greeting and the capabilities before TLS are
 * Sluice's: {@code IMAP4rev1 STARTTLS LOGINDISABLED}, which is what a client needs to start TLS and
 * never send a password in clear. The real server's greeting, which would come twice, is consumed
 * by {@link #consumeGreeting}.
 */
final class ImapServer {

    /** RFC 7162 4: clients and servers should take lines of at least 8192 octets; the exchange needs far less. */
    static final int MAX_LINE = 8192;

    /** Commands allowed before STARTTLS; a real client needs two (CAPABILITY, STARTTLS). */
    static final int MAX_COMMANDS = 10;

    /** As stunnel: a client that speaks within this time, before any greeting, starts TLS at once. */
    static final long IMPLICIT_TLS_WAIT_MILLIS = 200;

    private static final int TLS_HANDSHAKE = 0x16;

    static final String CAPABILITY = "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED";

    private ImapServer() {
    }

    /** @return false when the client started TLS at once (implicit TLS, IMAPS): nothing was read */
    static boolean negotiate(PlainChannel client) throws IOException {
        int first = client.peek(IMPLICIT_TLS_WAIT_MILLIS);
        if (first == TLS_HANDSHAKE) {
            return false;
        }
        if (first >= 0) {
            Lines.write(client, "* BYE data sent before the greeting");
            throw new IOException("imap: the client sent plaintext before the greeting");
        }
        Lines.write(client, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] IMAP server ready (Sluice)");
        for (int i = 0; i < MAX_COMMANDS; i++) {
            if (answer(client, Lines.read(client, MAX_LINE, "imap", "the client"))) {
                return true;
            }
        }
        Lines.write(client, "* BYE too many commands without STARTTLS");
        throw new IOException("imap: no STARTTLS from the client in " + MAX_COMMANDS + " commands");
    }

    /** Answers one tagged command; true when the client may start TLS. */
    private static boolean answer(PlainChannel client, String line) throws IOException {
        String[] words = line.split(" ", 3);
        if (words.length < 2 || !tag(words[0])) {
            Lines.write(client, "* BAD missing tag or command");
            return false;
        }
        String tag = words[0];
        String command = Lines.verb(words[1]);
        switch (command) {
            case "CAPABILITY" -> Lines.write(client, CAPABILITY, tag + " OK CAPABILITY completed");
            case "NOOP" -> Lines.write(client, tag + " OK NOOP completed");
            case "LOGOUT" -> {
                Lines.write(client, "* BYE server terminating", tag + " OK LOGOUT completed");
                throw new IOException("imap: the client logged out before STARTTLS");
            }
            case "STARTTLS" -> {
                // CVE-2011-0411: a command behind STARTTLS in the same packet is refused, not answered OK.
                if (client.hasBufferedInput()) {
                    Lines.write(client, "* BYE command pipelined after STARTTLS", tag + " BAD STARTTLS refused");
                }
                Lines.refuseInjection(client, "imap", "STARTTLS");
                Lines.write(client, tag + " OK Begin TLS negotiation now");
                return true;
            }
            case "LOGIN", "AUTHENTICATE" -> Lines.write(client, tag + " NO [PRIVACYREQUIRED] Run STARTTLS first");
            default -> Lines.write(client, tag + " BAD " + Lines.printable(command) + " unexpected before STARTTLS");
        }
        return false;
    }

    /** RFC 9051 tag: ASTRING-CHAR except '+', printable, no specials. */
    private static boolean tag(String word) {
        if (word.isEmpty() || word.length() > 64) {
            return false;
        }
        for (char c : word.toCharArray()) {
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\+]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** After TLS, on the just connected real server: its greeting must be OK and is not passed on. */
    static void consumeGreeting(PlainChannel server) throws IOException {
        String greeting = Lines.read(server, MAX_LINE, "imap", "the target server");
        if (!Lines.startsWith(greeting, "* OK")) {
            throw new IOException("imap: Unknown server welcome from the target server: '" + Lines.printable(greeting) + "'");
        }
    }
}
