package io.sluice.api.transport;

/**
 * Receives the events of a tunnel's connections, for counters. Called on I/O threads: keep it
 * cheap and never block.
 */
public interface ConnectionObserver {

    void opened();

    void closed();

    /** Plaintext bytes received from the accepting side's client. */
    void bytesIn(long n);

    /** Plaintext bytes sent to the accepting side's client. */
    void bytesOut(long n);

    /**
     * A TLS handshake completed.
     *
     * @param resumed             an earlier session was resumed (no new key exchange)
     * @param applicationProtocol the protocol ALPN settled on, or null when none
     */
    default void handshakeDone(boolean resumed, String applicationProtocol) {
    }

    /**
     * A TLS handshake completed, with how long it took from its first byte; by default the
     * two-argument form (observers built against API 1.0 still count it).
     */
    default void handshakeDone(boolean resumed, String applicationProtocol, long millis) {
        handshakeDone(resumed, applicationProtocol);
    }

    /** @param reason why, as the TLS implementation or the timeout put it; for the per-reason tally */
    void handshakeFailed(String reason);

    /** @param reason why no target could be reached */
    void connectFailed(String reason);

    /** Refused by the access policy or the protocol negotiation. */
    void refused();

    /**
     * Refused, and why, for the per-reason tally: {@link #ACCESS}, {@link #LIMITS}, {@link #BUSY},
     * {@link #NEGOTIATION} or {@link #VERIFICATION}. By default {@link #refused()}.
     */
    default void refused(String reason) {
        refused();
    }

    /** Refused by the access policy (libwrap) before any byte was read. */
    String ACCESS = "libwrap";
    /** Refused at accept by maxConnections, maxSetups, maxConnectionsPerSource or the process's bound. */
    String LIMITS = "limits";
    /** Refused because every setup worker was busy. */
    String BUSY = "busy";
    /** Refused by the protocol negotiation (a plugin's verdict). */
    String NEGOTIATION = "negotiation";
    /** The peer's certificate did not pass verification (the handshake failure is counted too). */
    String VERIFICATION = "verification";
}
