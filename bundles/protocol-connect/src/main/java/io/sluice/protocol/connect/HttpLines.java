package io.sluice.protocol.connect;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 message head lines on a plain channel: the size limits and CR LF framing. */
final class HttpLines {

    /**
     * Longest request, status or header line read. Proxies send short heads; 8 KiB is the
     * common server limit (Apache's LimitRequestFieldSize, nginx's large buffers). A longer line
     * is a broken or hostile peer: the read fails at once instead of buffering it.
     */
    static final int MAX_LINE = 8192;

    /** Most header lines read in one head, so the whole head stays bounded (about 800 KiB). */
    static final int MAX_HEADERS = 100;

    /** How much of a peer's line goes into an error message. */
    private static final int SHOWN = 200;

    private HttpLines() {
    }

    static String read(PlainChannel channel) throws IOException {
        return channel.readLine(MAX_LINE);
    }

    /**
     * Reads header lines up to the empty line that ends the head, and drops them: nothing in a
     * proxy's answer to CONNECT changes what follows (RFC 9110 9.3.6: a client ignores
     * Content-Length and Transfer-Encoding in a 2xx response to CONNECT).
     */
    static void skipHeaders(PlainChannel channel, String whose) throws IOException {
        for (int i = 0; i <= MAX_HEADERS; i++) {
            if (read(channel).isEmpty()) {
                return;
            }
        }
        throw new IOException("connect: " + whose + " sent more than " + MAX_HEADERS + " header lines");
    }

    /** Writes the lines, each ended by CR LF, in one write (one packet for the whole head). */
    static void write(PlainChannel channel, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        channel.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
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
