package io.sluice.transport.mina;

import java.nio.ByteBuffer;

/** TLS records that arrive split across reads: joining the piece kept from the last read with the next. */
final class Records {

    /** A TLS record header: type, version (2 bytes), length (2 bytes). */
    static final int HEADER = 5;

    private Records() {
    }

    /**
     * The leftover partial record followed by as many bytes of fresh as complete it (as far as
     * fresh goes); fresh is advanced past them. The record's length is in bytes 3-4 of its header.
     */
    static ByteBuffer complete(ByteBuffer partial, ByteBuffer fresh) {
        int have = partial.remaining();
        int available = have + fresh.remaining();
        int need = available;
        if (available >= HEADER) {
            need = Math.min(available, HEADER + (byteAt(partial, fresh, 3) << 8 | byteAt(partial, fresh, 4)));
        }
        ByteBuffer head = ByteBuffer.allocate(Math.max(need, have)).put(partial);
        int take = Math.max(0, need - have);
        ByteBuffer taken = fresh.duplicate();
        taken.limit(taken.position() + take);
        head.put(taken).flip();
        fresh.position(fresh.position() + take);
        return head;
    }

    /** Byte i of partial followed by fresh. */
    private static int byteAt(ByteBuffer partial, ByteBuffer fresh, int i) {
        int have = partial.remaining();
        return (i < have ? partial.get(partial.position() + i) : fresh.get(fresh.position() + i - have)) & 0xff;
    }

    static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        if (!b.hasRemaining()) {
            return a;
        }
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }
}
