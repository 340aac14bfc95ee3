package io.sluice.api;

import java.util.List;

/**
 * A histogram of a tunnel's completed TLS handshakes by duration, as Prometheus wants one:
 * {@code counts.get(i)} handshakes took at most {@code boundsMillis.get(i)} (cumulative), and
 * {@code count} took any time.
 *
 * @param boundsMillis the upper bounds, ascending
 * @param counts       cumulative counts, one per bound
 * @param count        all handshakes
 * @param sumMillis    their durations added up
 */
public record HandshakeTimes(List<Long> boundsMillis, List<Long> counts, long count, long sumMillis) {

    public static final HandshakeTimes EMPTY = new HandshakeTimes(List.of(), List.of(), 0, 0);

    public HandshakeTimes {
        boundsMillis = List.copyOf(boundsMillis);
        counts = List.copyOf(counts);
        if (boundsMillis.size() != counts.size()) {
            throw new IllegalArgumentException("one count per bound");
        }
    }
}
