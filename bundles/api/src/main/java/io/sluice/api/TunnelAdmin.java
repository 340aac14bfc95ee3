package io.sluice.api;

import java.util.List;
import java.util.Map;
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

    /**
     * Creates tunnel {@code name} (or replaces its keys) from the keys a tunnel file would hold, and it
     * starts as one from a file would. It lives in the container's configuration store (data/), not
     * in etc/: it stays until {@link #delete}, across restarts.
     *
     * @throws IllegalArgumentException when the name or a key is not valid, with the configuration error's text
     * @throws IllegalStateException when the configuration store cannot take it
     */
    void create(String name, Map<String, String> keys);

    /** Removes tunnel {@code name}, stopping it; false when there is none (a tunnel file's: delete the file instead). */
    boolean delete(String name);
}
