package io.sluice.api;

import java.util.List;
import java.util.Optional;

/** The admin view of all tunnels in this container, for consoles, JMX and tests. */
public interface TunnelAdmin {

    /** All configured tunnels, in name order, whatever their state. */
    List<TunnelStatus> tunnels();

    Optional<TunnelStatus> tunnel(String name);

    /** The tunnel itself, for details and actions. */
    Optional<Tunnel> find(String name);

    /** The open connections of all tunnels, by tunnel name and then id. */
    List<ConnectionInfo> connections();

    /** Closes a connection of any tunnel; false when no tunnel has it. */
    boolean kill(long connectionId);
}
