package io.sluice.interop;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plaintext line conversation from the test (SMTP, POP3, IMAP), over a socket to 127.0.0.1. */
final class SmtpDialog implements Closeable {

    private final Socket socket;
    private final BufferedReader in;

    SmtpDialog(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(Interop.LOOPBACK, port), 5000);
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Sends the lines, each with CR LF, in one write (one packet: pipelining). */
    void send(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        socket.getOutputStream().write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** The lines of one reply, up to the one with a space after the code. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    /** The next {@code count} lines, whatever protocol (POP3, IMAP answers have no SMTP continuation mark). */
    List<String> lines(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
        }
        return lines;
    }

    /** Whether the peer closed the connection (end of stream or reset) with nothing more to say. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
