package io.sluice.api;

import java.util.List;

/**
 * What an operator sees of one tunnel.
 *
 * @param name      the tunnel's name (the NAME of {@code io.sluice.tunnel-NAME.cfg})
 * @param client    client mode: plaintext accepted, TLS towards the targets
 * @param accept    the configured accept address as written
 * @param bound     the address actually bound while running, else null
 * @param connect   the configured targets as written
 * @param protocol  the protocol negotiator's name, or null for none
 * @param tlsProvider the TLS provider's name
 * @param state     the state
 * @param reason    why the tunnel waits or failed; null when running
 */
public record TunnelStatus(
        String name,
        boolean client,
        String accept,
        String bound,
        List<String> connect,
        String protocol,
        String tlsProvider,
        TunnelState state,
        String reason,
        TunnelCounters counters) {

    public TunnelStatus {
        connect = List.copyOf(connect);
    }

    /**
     * Should run and does not: waiting or failed. A tunnel an operator stopped is not down (the
     * start summary, {@code tunnel:status} and GET /health agree on this).
     */
    public boolean down() {
        return state == TunnelState.WAITING || state == TunnelState.FAILED;
    }
}
