package io.sluice.api.transport;

import java.net.InetSocketAddress;

/** A bound tunnel. */
public interface Listener {

    InetSocketAddress boundAddress();

    /** Connections open now (accepted and not yet closed). */
    int activeConnections();

    /**
     * Stops accepting. Open connections drain on their own unless {@code closeConnections}.
     */
    void close(boolean closeConnections);
}
