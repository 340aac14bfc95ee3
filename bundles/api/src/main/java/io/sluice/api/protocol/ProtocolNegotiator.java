package io.sluice.api.protocol;

import java.io.IOException;

/**
 * A plaintext exchange that precedes TLS (SMTP STARTTLS, HTTP CONNECT, ...), registered as a
 * service with the property {@value #PROTOCOL} naming the protocol ({@code protocol = smtp}).
 *
 * <p>Stateless: one instance serves every connection; per-connection state lives in the
 * {@link #negotiate} call. It runs on a worker thread, never on an I/O thread, so it may block
 * on the channels' reads and writes.
 */
public interface ProtocolNegotiator {

    String PROTOCOL = "protocol";

    /**
     * Runs the exchange. Returning normally hands the connection over to TLS; any bytes the
     * TLS-side peer sent that were not read make the connection fail (command injection defence).
     *
     * @throws IOException to refuse the connection; the message is logged and counted
     */
    void negotiate(NegotiationContext context) throws IOException;
}
