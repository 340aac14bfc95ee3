package io.sluice.protocol.socks;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** Bytes the client sent, and what it was answered. */
final class Scripted implements PlainChannel {
    private final byte[] input;
    private int position;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    Scripted(byte[] input) {
        this.input = input;
    }

    @Override
    public String readLine(int maxLength) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] buffer, int offset, int len) throws IOException {
        if (position == input.length) {
            throw new EOFException("peer closed the connection");
        }
        int n = Math.min(len, input.length - position);
        System.arraycopy(input, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int peek(long timeoutMillis) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public boolean hasBufferedInput() {
        return position < input.length;
    }

    int unread() {
        return input.length - position;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
