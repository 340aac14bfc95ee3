package io.sluice.transport.mina;

import io.sluice.api.transport.ConnectionObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every observer event, for tests to assert on; also used by the interop tests. */
public final class CountingObserver implements ConnectionObserver {
    public final AtomicLong opened = new AtomicLong();
    public final AtomicLong closed = new AtomicLong();
    public final AtomicLong bytesIn = new AtomicLong();
    public final AtomicLong bytesOut = new AtomicLong();
    public final AtomicLong handshakeFailed = new AtomicLong();
    public final AtomicLong connectFailed = new AtomicLong();
    public final AtomicLong refused = new AtomicLong();
    /** The reason of every failed handshake, in order: what the tunnel's counters tally. */
    public final List<String> handshakeReasons = new CopyOnWriteArrayList<>();
    public final AtomicLong newSessions = new AtomicLong();
    public final AtomicLong resumedSessions = new AtomicLong();
    /** The ALPN protocol of each completed handshake, null for none, in order. */
    public final List<String> applicationProtocols = new CopyOnWriteArrayList<>();

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
    public void handshakeDone(boolean resumed, String applicationProtocol) {
        (resumed ? resumedSessions : newSessions).incrementAndGet();
        applicationProtocols.add(String.valueOf(applicationProtocol));
    }

    @Override
    public void handshakeFailed(String reason) {
        handshakeReasons.add(reason);
        handshakeFailed.incrementAndGet();
    }

    @Override
    public void connectFailed(String reason) {
        connectFailed.incrementAndGet();
    }

    @Override
    public void refused() {
        refused.incrementAndGet();
    }

    @Override
    public String toString() {
        return "opened=" + opened + " closed=" + closed + " in=" + bytesIn + " out=" + bytesOut
                + " handshakeFailed=" + handshakeFailed + " connectFailed=" + connectFailed + " refused=" + refused
                + " reasons=" + handshakeReasons + " newSessions=" + newSessions + " resumedSessions=" + resumedSessions
                + " alpn=" + applicationProtocols;
    }
}
