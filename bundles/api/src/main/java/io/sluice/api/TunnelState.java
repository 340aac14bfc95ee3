package io.sluice.api;

/** Where a tunnel is in its life; {@link TunnelStatus#reason()} says why for WAITING and FAILED. */
public enum TunnelState {
    /** Listening and relaying. */
    RUNNING,
    /** Configured correctly but a service it needs (TLS provider, protocol negotiator, ...) is missing. */
    WAITING,
    /** The configuration or the start failed; the reason names the key and value or the cause. */
    FAILED,
    /** Stopped by an operator or shut down. */
    STOPPED
}
