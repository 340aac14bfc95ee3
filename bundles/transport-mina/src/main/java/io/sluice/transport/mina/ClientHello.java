package io.sluice.transport.mina;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a TLS ClientHello far enough to learn the server name it asks for (RFC 6066 SNI), before
 * any TLS engine exists: the name decides which service's certificate and target serve the
 * connection (stunnel's {@code sni = SERVICE:PATTERN}). The handshake message may span several
 * records and arrive in any pieces; they are fed as they come ({@link #offer}), so that no thread
 * waits for a slow client. Everything fed is kept and handed to the engine afterwards. Anything
 * that is not a well-formed ClientHello yields no name; the engine then fails it properly.
 */
final class ClientHello {

    /** No ClientHello is this long (the record layer allows 2^14 per record; a few records at most). */
    private static final int MAX_HELLO = 64 * 1024;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;

    /** @param serverName the host name asked for, null for none; @param consumed every byte fed */
    record Result(String serverName, byte[] consumed) {
    }

    private byte[] seen = new byte[512];
    private int size;
    /** Where the next record's header starts in {@code seen}. */
    private int recordStart;
    /** The handshake messages' bytes, from the records' bodies. */
    private byte[] handshake = new byte[0];
    /** The whole ClientHello's length once its header is in; -1 before. */
    private int needed = -1;
    /** Bytes still missing before the next step can be decided. */
    private int wanted = 5;
    private boolean decided;
    private Result result;

    /** Reads from a blocking channel exactly as much as the decision needs. */
    static Result read(PlainChannel in) throws IOException {
        ClientHello hello = new ClientHello();
        while (hello.result == null) {
            byte[] chunk = new byte[hello.wanted];
            int n = in.read(chunk, 0, chunk.length);
            hello.offer(chunk, 0, n);
        }
        return hello.result;
    }

    /** Feeds what arrived; the result once the name (or its absence) is known, else null. */
    Result offer(byte[] data, int offset, int length) {
        if (result != null) {
            throw new IllegalStateException("already decided");
        }
        if (size + length > seen.length) {
            seen = Arrays.copyOf(seen, Math.max(seen.length * 2, size + length));
        }
        System.arraycopy(data, offset, seen, size, length);
        size += length;
        String name = scan();
        if (result == null && decided) {
            result = new Result(name, Arrays.copyOf(seen, size));
        }
        return result;
    }

    /** Takes complete records from {@code seen}; sets {@code decided} with the name, or {@code wanted}. */
    private String scan() {
        while (true) {
            int available = size - recordStart;
            if (available < 5) {
                wanted = 5 - available;
                return null;
            }
            int length = ((seen[recordStart + 3] & 0xff) << 8) | (seen[recordStart + 4] & 0xff);
            if (seen[recordStart] != HANDSHAKE || seen[recordStart + 1] != 3 || length == 0
                    || handshake.length + length > MAX_HELLO) {
                return decide(null);
            }
            if (available < 5 + length) {
                wanted = 5 + length - available;
                return null;
            }
            int from = handshake.length;
            handshake = Arrays.copyOf(handshake, from + length);
            System.arraycopy(seen, recordStart + 5, handshake, from, length);
            recordStart += 5 + length;
            if (needed < 0 && handshake.length >= 4) {
                if (handshake[0] != CLIENT_HELLO) {
                    return decide(null);
                }
                needed = 4 + (((handshake[1] & 0xff) << 16) | ((handshake[2] & 0xff) << 8) | (handshake[3] & 0xff));
                if (needed > MAX_HELLO) {
                    return decide(null);
                }
            }
            if (needed >= 0 && handshake.length >= needed) {
                try {
                    return decide(serverName(ByteBuffer.wrap(handshake, 4, needed - 4)));
                } catch (RuntimeException e) {
                    return decide(null); // malformed: no name; the TLS engine will refuse the hello itself
                }
            }
        }
    }

    private String decide(String name) {
        decided = true;
        wanted = 0;
        return name;
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
}
