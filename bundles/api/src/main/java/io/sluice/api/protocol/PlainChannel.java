package io.sluice.api.protocol;

import java.io.IOException;

/**
 * One side of a connection before TLS starts. Reads block for at most the tunnel's busy timeout
 * (TIMEOUTbusy) and then throw {@link java.net.SocketTimeoutException}; end of stream throws
 * {@link java.io.EOFException}.
 */
public interface PlainChannel {

    /** The next line without its CR LF (or LF); fails when no line end comes within maxLength bytes. */
    String readLine(int maxLength) throws IOException;

    /** Reads at least one byte into the array, at most len. */
    int read(byte[] buffer, int offset, int len) throws IOException;

    /**
     * The next byte (0-255) without consuming it, or -1 when none arrives within
     * {@code timeoutMillis} (a short wait of its own, not TIMEOUTbusy). It tells whether the peer
     * speaks first, for example a TLS ClientHello (0x16) from a client that does not wait for a
     * plaintext greeting; a byte seen here is still there for the next read, or for TLS.
     *
     * @throws java.io.EOFException when the peer closed the connection before sending anything
     */
    int peek(long timeoutMillis) throws IOException;

    /** Writes all bytes and waits until they are handed to the network. */
    void write(byte[] data) throws IOException;

    /** Whether bytes were received that no read has consumed yet. */
    boolean hasBufferedInput();
}
