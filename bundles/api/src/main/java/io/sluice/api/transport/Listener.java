package io.sluice.api.transport;

import io.sluice.api.ConnectionInfo;
import java.net.InetSocketAddress;
import java.util.List;

/** A bound tunnel. */
public interface Listener {

    InetSocketAddress boundAddress();

    /** Every address listened on, in the order configured (several accept lines, a name of several addresses). */
    default List<InetSocketAddress> boundAddresses() {
        return boundAddress() == null ? List.of() : List.of(boundAddress());
    }

    /** Connections open now (accepted and not yet closed). */
    int activeConnections();

    /**
     * Stops accepting. Open connections drain on their own unless {@code closeConnections}.
     */
    void close(boolean closeConnections);

    /** The connections open now, in the order they were accepted. */
    List<ConnectionInfo> connections();

    /** Closes one connection at once; false when it is not (or no longer) open here. */
    boolean kill(long connectionId);
}
