package io.sluice.protocol.smtp;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** SMTP lines on a plain channel: the length limit and CR LF framing both modes share. */
final class Lines {

    /**
     * RFC 5321 4.5.3.1.6: a text line is at most 1000 octets with its CR LF, and commands and
     * replies are shorter. A longer line is a broken or hostile peer: the read fails at once
     * instead of buffering it.
     */
    static final int MAX_LINE = 998;

    /** How much of a peer's line goes into an error message. */
    private static final int SHOWN = 200;

    private Lines() {
    }

    static String read(PlainChannel channel) throws IOException {
        return channel.readLine(MAX_LINE);
    }

    /** Writes the lines, each ended by CR LF, in one write (one packet for a multi-line reply). */
    static void write(PlainChannel channel, Iterable<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        channel.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static void write(PlainChannel channel, String... lines) throws IOException {
        write(channel, java.util.List.of(lines));
    }

    /**
     * A peer's line as it may appear in a log message: control characters replaced (no forged
     * log lines), cut at {@value #SHOWN} characters.
     */
    static String printable(String line) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < line.length() && i < SHOWN; i++) {
            char c = line.charAt(i);
            shown.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return line.length() > SHOWN ? shown + "..." : shown.toString();
    }
}
