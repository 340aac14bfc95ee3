package io.sluice.api;

/** One configured tunnel, registered as a service by the core for every tunnel configuration. */
public interface Tunnel {

    /** Service property holding the tunnel's name. */
    String NAME = "tunnel.name";

    String name();

    TunnelStatus status();
}
