package io.sluice.transport.mina;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a TLS ClientHello far enough to learn the server name it asks for (RFC 6066 SNI), before
 * any TLS engine exists: the name decides which service's certificate and target serve the
 * connection (stunnel's {@code sni = SERVICE:PATTERN}). The handshake message may span several
 * records and arrive in any pieces. Everything read is kept and handed to the engine afterwards.
 * Anything that is not a well-formed ClientHello yields no name; the engine then fails it properly.
 */
final class ClientHello {

    /** No ClientHello is this long (the record layer allows 2^14 per record; a few records at most). */
    private static final int MAX_HELLO = 64 * 1024;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;

    /** @param serverName the host name asked for, null for none; @param consumed every byte read */
    record Result(String serverName, byte[] consumed) {
    }

    private final PlainChannel in;
    private final ByteArrayOutputStream consumed = new ByteArrayOutputStream();

    private ClientHello(PlainChannel in) {
        this.in = in;
    }

    static Result read(PlainChannel in) throws IOException {
        ClientHello reader = new ClientHello(in);
        String name = reader.serverName();
        return new Result(name, reader.consumed.toByteArray());
    }

    private String serverName() throws IOException {
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int needed = -1;
        while (needed < 0 || handshake.size() < needed) {
            byte[] header = readFully(5);
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (header[0] != HANDSHAKE || header[1] != 3 || length == 0 || handshake.size() + length > MAX_HELLO) {
                return null;
            }
            handshake.write(readFully(length));
            byte[] sofar = handshake.toByteArray();
            if (needed < 0 && sofar.length >= 4) {
                if (sofar[0] != CLIENT_HELLO) {
                    return null;
                }
                needed = 4 + (((sofar[1] & 0xff) << 16) | ((sofar[2] & 0xff) << 8) | (sofar[3] & 0xff));
                if (needed > MAX_HELLO) {
                    return null;
                }
            }
        }
        try {
            return serverName(ByteBuffer.wrap(handshake.toByteArray(), 4, needed - 4));
        } catch (RuntimeException e) {
            return null; // malformed: no name; the TLS engine will refuse the hello itself
        }
    }

    /** The body of a ClientHello: version, random, session id, suites, compression, extensions. */
    private static String serverName(ByteBuffer hello) {
        skip(hello, 2 + 32);
        skip(hello, hello.get() & 0xff);
        skip(hello, hello.getShort() & 0xffff);
        skip(hello, hello.get() & 0xff);
        if (!hello.hasRemaining()) {
            return null;
        }
        int end = (hello.getShort() & 0xffff) + hello.position();
        while (hello.position() + 4 <= end) {
            int type = hello.getShort() & 0xffff;
            int length = hello.getShort() & 0xffff;
            if (type != SERVER_NAME) {
                skip(hello, length);
                continue;
            }
            ByteBuffer names = hello.slice(hello.position(), length);
            int listEnd = (names.getShort() & 0xffff) + names.position();
            while (names.position() + 3 <= listEnd) {
                int nameType = names.get() & 0xff;
                byte[] name = new byte[names.getShort() & 0xffff];
                names.get(name);
                if (nameType == 0) {
                    return new String(name, StandardCharsets.US_ASCII);
                }
            }
            return null;
        }
        return null;
    }

    private static void skip(ByteBuffer buffer, int count) {
        buffer.position(buffer.position() + count);
    }

    private byte[] readFully(int length) throws IOException {
        byte[] data = new byte[length];
        int done = 0;
        while (done < length) {
            done += in.read(data, done, length - done);
        }
        consumed.write(data);
        return data;
    }
}
