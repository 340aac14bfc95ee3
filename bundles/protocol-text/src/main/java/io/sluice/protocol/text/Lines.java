package io.sluice.protocol.text;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Text lines on a plain channel, as the line-based protocols (POP3, IMAP, NNTP) frame them: CR LF
 * written, CR LF or LF read, every read bounded. Copied into each plugin (bnd
 * {@code -conditionalpackage}), so that one source serves them all and each plugin stays one jar.
 */
public final class Lines {

    /** How much of a peer's line goes into an error message. */
    private static final int SHOWN = 200;

    private Lines() {
    }

    /**
     * The next line; a peer that sends more than {@code max} bytes without a line end fails the
     * read at once, naming the protocol and the peer, instead of being buffered.
     */
    public static String read(PlainChannel channel, int max, String protocol, String peer) throws IOException {
        try {
            return channel.readLine(max);
        } catch (java.io.EOFException e) {
            throw new java.io.EOFException(protocol + ": " + peer + " closed the connection during the negotiation");
        } catch (java.net.SocketTimeoutException e) {
            throw new java.net.SocketTimeoutException(protocol + ": no line from " + peer + " in time: " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(protocol + ": " + peer + " sent a line longer than " + max + " bytes", e);
        }
    }

    /** Writes the lines, each ended by CR LF, in one write (one packet for a multi-line reply). */
    public static void write(PlainChannel channel, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        channel.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * CVE-2011-0411: bytes already received after the line that starts TLS were sent in plaintext
     * and would pass for the start of the TLS stream (or, worse, for commands under TLS).
     * Called before the go-ahead (server side) or after it (client side), it refuses them.
     */
    public static void refuseInjection(PlainChannel channel, String protocol, String after) throws IOException {
        if (channel.hasBufferedInput()) {
            throw new IOException(protocol + ": plaintext received after " + after + ", before TLS (command injection): refused");
        }
    }

    /** Whether {@code line} starts with {@code prefix}, ignoring case (protocol keywords are case-insensitive). */
    public static boolean startsWith(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The first word of a command line, upper case. */
    public static String verb(String line) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /**
     * A peer's line as it may appear in a log message: control characters replaced (no forged
     * log lines), cut at {@value #SHOWN} characters.
     */
    public static String printable(String line) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < line.length() && i < SHOWN; i++) {
            char c = line.charAt(i);
            shown.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return line.length() > SHOWN ? shown + "..." : shown.toString();
    }
}
