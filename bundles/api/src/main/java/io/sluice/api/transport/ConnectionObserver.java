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

    /** @param reason why, as the TLS implementation or the timeout put it; for the per-reason tally */
    void handshakeFailed(String reason);

    /** @param reason why no target could be reached */
    void connectFailed(String reason);

    /** Refused by the access policy or the protocol negotiation. */
    void refused();
}
