package io.sluice.protocol.smtp;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A peer as a negotiator sees it, played from a script: packets that it sends one after the
 * other, each only once everything before it was read (as a peer that waits for an answer), and
 * then either end of stream or silence (a slow peer: the read times out, as TIMEOUTbusy does).
 * Only the packet being read counts as buffered input, so several commands in one packet are
 * pipelining. What the negotiator writes is kept.
 */
public final class ScriptedPeer implements PlainChannel {

    private final Deque<byte[]> packets = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean stalls;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    /** A packet already there when the negotiation starts (what peek sees). */
    public ScriptedPeer sentFirst(String text) {
        current = bytes(text);
        position = 0;
        return this;
    }

    /** A packet sent once everything before it was read. */
    public ScriptedPeer thenSends(String text) {
        packets.add(bytes(text));
        return this;
    }

    /** After the script, the peer sends nothing and keeps the connection open. */
    public ScriptedPeer thenStalls() {
        stalls = true;
        return this;
    }

    public String written() {
        return new String(written.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    /** What was received in the packet being read and not consumed. */
    public String unread() {
        return new String(Arrays.copyOfRange(current, position, current.length), StandardCharsets.ISO_8859_1);
    }

    /** Whether every scripted packet was read. */
    public boolean allRead() {
        return position == current.length && packets.isEmpty();
    }

    @Override
    public String readLine(int maxLength) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = take();
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            if (line.length() >= maxLength) {
                throw new IOException("line longer than " + maxLength + " bytes");
            }
            line.append((char) b);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        buffer[offset] = (byte) take();
        int n = 1;
        while (n < len && position < current.length) {
            buffer[offset + n++] = current[position++];
        }
        return n;
    }

    @Override
    public int peek(long timeoutMillis) throws IOException {
        if (position < current.length) {
            return current[position] & 0xff;
        }
        if (packets.isEmpty() && !stalls) {
            throw new EOFException("peer closed the connection");
        }
        return -1; // the next packet is an answer: nothing comes before the negotiator speaks
    }

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public boolean hasBufferedInput() {
        return position < current.length;
    }

    private int take() throws IOException {
        if (position == current.length) {
            if (packets.isEmpty()) {
                if (stalls) {
                    throw new SocketTimeoutException("no data within 300000 ms (TIMEOUTbusy)");
                }
                throw new EOFException("peer closed the connection");
            }
            current = packets.poll();
            position = 0;
        }
        return current[position++] & 0xff;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
