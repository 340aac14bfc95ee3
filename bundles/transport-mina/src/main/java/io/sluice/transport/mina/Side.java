package io.sluice.transport.mina;

import java.util.ArrayDeque;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;

/**
 * One of a connection's two sessions with its relay state. All fields are guarded by the owning
 * {@link Connection}'s lock.
 */
final class Side {

    final Connection connection;
    final boolean accepted;
    /** Whether TLS runs on this side (the accept side in server mode, the connect side in client mode). */
    final boolean tls;
    IoSession session;
    /** Set while a protocol negotiation reads this side. */
    BlockingChannel channel;
    /** Set while the client's ClientHello is read for its server name. */
    ClientHello hello;
    /** Received here while the other side cannot take it yet. */
    final ArrayDeque<IoBuffer> held = new ArrayDeque<>();
    boolean inputDone;
    boolean outputShut;
    boolean closed;
    /** Reads suspended because the other side has too much unsent data. */
    boolean throttled;
    /** Written to this side and not yet on the wire. */
    long pendingBytes;
    int pendingWrites;
    /** Plaintext written to this side over the connection's life. */
    long written;

    Side(Connection connection, boolean accepted, boolean tls) {
        this.connection = connection;
        this.accepted = accepted;
        this.tls = tls;
    }

    String name() {
        return accepted ? "client" : "target";
    }
}
