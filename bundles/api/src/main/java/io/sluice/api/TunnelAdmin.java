package io.sluice.api;

import java.util.List;
import java.util.Optional;

/** The admin view of all tunnels in this container, for consoles, JMX and tests. */
public interface TunnelAdmin {

    /** All configured tunnels, in name order, whatever their state. */
    List<TunnelStatus> tunnels();

    Optional<TunnelStatus> tunnel(String name);
}
