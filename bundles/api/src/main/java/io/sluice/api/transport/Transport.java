package io.sluice.api.transport;

import java.io.IOException;

/** Accepts, connects and relays: the I/O back-end (MINA today). */
public interface Transport {

    /**
     * Binds the spec's accept address and starts serving it.
     *
     * @throws IOException when the address cannot be bound
     */
    Listener listen(TunnelSpec spec) throws IOException;
}
