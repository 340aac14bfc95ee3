package io.sluice.core;

import io.sluice.api.HandshakeTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handshake durations in fixed buckets, added to from I/O threads without a lock. The bounds span
 * a resumption on loopback (a few ms) to a handshake waiting for an OCSP responder (seconds).
 */
final class HandshakeHistogram {

    static final long[] BOUNDS_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    /** Per bucket, not cumulative: the snapshot adds them up. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MILLIS.length];
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();

    HandshakeHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void add(long millis) {
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            if (millis <= BOUNDS_MILLIS[i]) {
                buckets[i].increment();
                break;
            }
        }
        count.increment();
        sum.add(millis);
    }

    HandshakeTimes snapshot() {
        List<Long> bounds = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long running = 0;
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            running += buckets[i].sum();
            bounds.add(BOUNDS_MILLIS[i]);
            cumulative.add(running);
        }
        // count read last: a handshake added meanwhile may be in count but in no bucket yet, never the reverse
        return new HandshakeTimes(bounds, cumulative, Math.max(running, count.sum()), sum.sum());
    }
}
