package io.sluice.api.transport;

/** How the first target of a connection is chosen (stunnel's {@code failover}). */
public enum Failover {
    /** Always start at the first target, try the next on failure. */
    PRIO,
    /** Start at the next target in turn, try the following on failure. */
    RR
}
