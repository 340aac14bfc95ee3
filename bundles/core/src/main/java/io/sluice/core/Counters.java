package io.sluice.core;

import io.sluice.api.TunnelCounters;
import io.sluice.api.transport.ConnectionObserver;
import java.util.concurrent.atomic.LongAdder;

/** A tunnel's counters over its life, across reconfigurations. LongAdder: I/O threads of all connections add. */
final class Counters implements ConnectionObserver {

    private final LongAdder active = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder refused = new LongAdder();

    @Override
    public void opened() {
        active.increment();
        total.increment();
    }

    @Override
    public void closed() {
        active.decrement();
    }

    @Override
    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    @Override
    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    @Override
    public void handshakeFailed() {
        handshakeFailures.increment();
    }

    @Override
    public void connectFailed() {
        connectFailures.increment();
    }

    @Override
    public void refused() {
        refused.increment();
    }

    TunnelCounters snapshot() {
        return new TunnelCounters(active.sum(), total.sum(), bytesIn.sum(), bytesOut.sum(),
                handshakeFailures.sum(), connectFailures.sum(), refused.sum());
    }
}
