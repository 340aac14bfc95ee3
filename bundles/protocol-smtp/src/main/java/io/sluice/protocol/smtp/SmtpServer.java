package io.sluice.protocol.smtp;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.util.Locale;

/**
 * Server mode (RFC 3207): Sluice plays the SMTP server until the client asks for STARTTLS; the
 * real server is connected after the TLS handshake, and its greeting, which the client already
 * had from Sluice, is consumed by {@link #consumeGreeting}.
 */
final class SmtpServer {

    /** As stunnel: a client that speaks within this time, before any greeting, is assumed to start TLS. */
    static final long IMPLICIT_TLS_WAIT_MILLIS = 200;

    /** Commands allowed before STARTTLS; a real client needs two (EHLO, STARTTLS). */
    static final int MAX_COMMANDS = 10;

    /** The first byte of a TLS handshake record, hence of every ClientHello. */
    private static final int TLS_HANDSHAKE = 0x16;

    private SmtpServer() {
    }

    /**
     * Runs the exchange on the client connection.
     *
     * @return false when the client started TLS at once (implicit TLS, SMTPS): its ClientHello is
     *         left unread for TLS and the real server's greeting must reach it
     */
    static boolean negotiate(PlainChannel client, String domain) throws IOException {
        int first = client.peek(IMPLICIT_TLS_WAIT_MILLIS);
        if (first == TLS_HANDSHAKE) {
            return false;
        }
        if (first >= 0) {
            // An SMTP client waits for the greeting: early plaintext is a spam bot or a confused peer.
            Lines.write(client, "554 5.5.1 " + domain + " Error: data sent before the greeting");
            throw new IOException("smtp: the client sent plaintext before the greeting");
        }
        Lines.write(client, "220 " + domain + " ESMTP Sluice");
        for (int i = 0; i < MAX_COMMANDS; i++) {
            if (answer(client, Lines.read(client), domain)) {
                return true;
            }
        }
        Lines.write(client, "421 4.7.0 " + domain + " Error: too many commands without STARTTLS");
        throw new IOException("smtp: no STARTTLS from the client in " + MAX_COMMANDS + " commands");
    }

    /** Answers one command; true when the client may start TLS. */
    private static boolean answer(PlainChannel client, String line, String domain) throws IOException {
        String[] words = line.trim().split(" ", 2);
        String verb = words[0].toUpperCase(Locale.ROOT);
        boolean argument = words.length > 1 && !words[1].isBlank();
        switch (verb) {
            case "EHLO" -> Lines.write(client, argument ? new String[] {"250-" + domain, "250 STARTTLS"}
                    : new String[] {"501 5.5.4 Syntax: EHLO hostname"});
            case "HELO" -> Lines.write(client, argument ? "250 " + domain : "501 5.5.4 Syntax: HELO hostname");
            case "NOOP" -> Lines.write(client, "250 2.0.0 Ok");
            case "QUIT" -> {
                Lines.write(client, "221 2.0.0 Bye");
                throw new IOException("smtp: the client quit before STARTTLS");
            }
            case "STARTTLS" -> {
                return startTls(client, argument);
            }
            // RFC 3207 4: every other command gets 530 until TLS is up.
            default -> Lines.write(client, "530 5.7.0 Must issue a STARTTLS command first");
        }
        return false;
    }

    private static boolean startTls(PlainChannel client, boolean argument) throws IOException {
        if (argument) {
            Lines.write(client, "501 5.5.4 Syntax: STARTTLS");
            return false;
        }
        // CVE-2011-0411: plaintext after STARTTLS in the same packet would otherwise pass for the
        // start of the TLS stream, or worse, for commands sent under TLS. Refused, not answered 220.
        if (client.hasBufferedInput()) {
            Lines.write(client, "554 5.5.1 Error: command pipelined after STARTTLS");
            throw new IOException("smtp: the client sent plaintext after STARTTLS (command injection, CVE-2011-0411): refused");
        }
        Lines.write(client, "220 2.0.0 Ready to start TLS");
        return true;
    }

    /** After TLS, on the just connected real server: its greeting, which must be 220, is not passed on. */
    static void consumeGreeting(PlainChannel server) throws IOException {
        Reply.read(server).require(220, "as the greeting of the target server");
    }
}
