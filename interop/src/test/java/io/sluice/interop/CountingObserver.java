package io.sluice.interop;

import io.sluice.api.transport.ConnectionObserver;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts a tunnel's connection events for the tests to assert on. */
final class CountingObserver implements ConnectionObserver {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final AtomicInteger handshakeFailed = new AtomicInteger();
    final AtomicInteger connectFailed = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public void opened() {
        opened.incrementAndGet();
    }

    @Override
    public void closed() {
        closed.incrementAndGet();
    }

    @Override
    public void bytesIn(long n) {
        bytesIn.addAndGet(n);
    }

    @Override
    public void bytesOut(long n) {
        bytesOut.addAndGet(n);
    }

    @Override
    public void handshakeFailed() {
        handshakeFailed.incrementAndGet();
    }

    @Override
    public void connectFailed() {
        connectFailed.incrementAndGet();
    }

    @Override
    public void refused() {
        refused.incrementAndGet();
    }

    @Override
    public String toString() {
        return "opened=" + opened + " closed=" + closed + " bytesIn=" + bytesIn + " bytesOut=" + bytesOut
                + " handshakeFailed=" + handshakeFailed + " connectFailed=" + connectFailed + " refused=" + refused;
    }
}
