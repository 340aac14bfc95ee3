package io.sluice.api.transport;

import java.time.Duration;

/**
 * A tunnel's timeouts, stunnel's meaning.
 *
 * @param connect   connecting to a target (TIMEOUTconnect)
 * @param idle      a connection with no traffic either way (TIMEOUTidle)
 * @param close     after one side closed, waiting for the other (TIMEOUTclose)
 * @param busy      waiting for expected data during a protocol negotiation (TIMEOUTbusy)
 * @param handshake the whole TLS handshake (TIMEOUThandshake)
 */
public record Timeouts(Duration connect, Duration idle, Duration close, Duration busy, Duration handshake) {
}
