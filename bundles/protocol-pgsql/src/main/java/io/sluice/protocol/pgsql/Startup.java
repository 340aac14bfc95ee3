package io.sluice.protocol.pgsql;

import io.sluice.api.protocol.PlainChannel;
import java.io.EOFException;
import java.io.IOException;

/** The 8-byte requests that open a PostgreSQL connection (protocol 3.0, "Message Formats"). */
final class Startup {

    /** Int32 length 8, Int32 80877103: SSLRequest. */
    static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    /** Int32 length 8, Int32 80877104: GSSENCRequest (GSSAPI encryption instead of TLS). */
    static final byte[] GSSENC_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30};

    private Startup() {
    }

    /** Exactly {@code n} bytes, never more: what follows belongs to TLS or to the relay. */
    static byte[] readFully(PlainChannel channel, int n, String peer) throws IOException {
        byte[] bytes = new byte[n];
        int done = 0;
        try {
            while (done < n) {
                done += channel.read(bytes, done, n - done);
            }
        } catch (EOFException e) {
            throw new EOFException("pgsql: " + peer + " closed the connection during the negotiation");
        }
        return bytes;
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
