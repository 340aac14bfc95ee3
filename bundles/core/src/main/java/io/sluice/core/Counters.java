package io.sluice.core;

import io.sluice.api.HandshakeTimes;
import io.sluice.api.TunnelCounters;
import io.sluice.api.transport.ConnectionObserver;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tunnel's counters over its life, across reconfigurations. LongAdder: I/O threads of all
 * connections add. Failure reasons are tallied for tunnel:info, with the last few errors.
 */
final class Counters implements ConnectionObserver {

    /** Reasons carry details (addresses, names): past this many distinct ones, they count as "other". */
    static final int MAX_REASONS = 32;
    static final int LAST_ERRORS = 10;

    private final LongAdder active = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder newSessions = new LongAdder();
    private final LongAdder resumedSessions = new LongAdder();
    /** By the protocol ALPN settled on; the names come from the tunnel's own alpn list, so they are few. */
    private final Map<String, LongAdder> applicationProtocols = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> handshakeReasons = new ConcurrentHashMap<>();
    /** By ConnectionObserver's reasons: a handful of fixed words. */
    private final Map<String, LongAdder> refusedReasons = new ConcurrentHashMap<>();
    private final HandshakeHistogram handshakeTimes = new HandshakeHistogram();
    private final Deque<String> lastErrors = new ArrayDeque<>();

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
    public void handshakeDone(boolean resumed, String applicationProtocol) {
        (resumed ? resumedSessions : newSessions).increment();
        if (applicationProtocol != null) {
            applicationProtocols.computeIfAbsent(applicationProtocol, k -> new LongAdder()).increment();
        }
    }

    @Override
    public void handshakeDone(boolean resumed, String applicationProtocol, long millis) {
        handshakeDone(resumed, applicationProtocol);
        handshakeTimes.add(millis);
    }

    @Override
    public void handshakeFailed(String reason) {
        handshakeFailures.increment();
        String key = handshakeReasons.size() < MAX_REASONS || handshakeReasons.containsKey(reason) ? reason : "other";
        handshakeReasons.computeIfAbsent(key, k -> new LongAdder()).increment();
        remember("TLS handshake failed: " + reason);
    }

    @Override
    public void connectFailed(String reason) {
        connectFailures.increment();
        remember("connect failed: " + reason);
    }

    @Override
    public void refused() {
        refused("other");
    }

    @Override
    public void refused(String reason) {
        refused.increment();
        refusedReasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    private void remember(String error) {
        synchronized (lastErrors) {
            if (lastErrors.size() == LAST_ERRORS) {
                lastErrors.removeFirst();
            }
            lastErrors.addLast(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + error);
        }
    }

    TunnelCounters snapshot() {
        return new TunnelCounters(active.sum(), total.sum(), bytesIn.sum(), bytesOut.sum(),
                handshakeFailures.sum(), connectFailures.sum(), refused.sum(), newSessions.sum(), resumedSessions.sum());
    }

    Map<String, Long> applicationProtocols() {
        Map<String, Long> result = new TreeMap<>();
        applicationProtocols.forEach((protocol, count) -> result.put(protocol, count.sum()));
        return result;
    }

    Map<String, Long> handshakeFailuresByReason() {
        Map<String, Long> result = new TreeMap<>();
        handshakeReasons.forEach((reason, count) -> result.put(reason, count.sum()));
        return result;
    }

    Map<String, Long> refusedByReason() {
        Map<String, Long> result = new TreeMap<>();
        refusedReasons.forEach((reason, count) -> result.put(reason, count.sum()));
        return result;
    }

    HandshakeTimes handshakeTimes() {
        return handshakeTimes.snapshot();
    }

    List<String> lastErrors() {
        synchronized (lastErrors) {
            return List.copyOf(lastErrors);
        }
    }
}
