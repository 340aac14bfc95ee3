package io.sluice.api.protocol;

import java.io.IOException;

/**
 * One side of a connection before TLS starts. Reads block for at most the tunnel's busy timeout
 * and then throw {@link java.net.SocketTimeoutException}; end of stream throws
 * {@link java.io.EOFException}.
 */
public interface PlainChannel {

    /** The next line without its CR LF (or LF); fails when no line end comes within maxLength bytes. */
    String readLine(int maxLength) throws IOException;

    /** Reads at least one byte into the array, at most len. */
    int read(byte[] buffer, int offset, int len) throws IOException;

    /** Writes all bytes and waits until they are handed to the network. */
    void write(byte[] data) throws IOException;

    /** Whether bytes were received that no read has consumed yet. */
    boolean hasBufferedInput();
}
