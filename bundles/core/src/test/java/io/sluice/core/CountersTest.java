package io.sluice.core;

import static org.junit.Assert.assertEquals;

import io.sluice.api.HandshakeTimes;
import io.sluice.api.TunnelCounters;
import io.sluice.api.transport.ConnectionObserver;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** What tunnel:info, /metrics and JMX show: sessions new and resumed, per ALPN protocol, refusals by reason, handshake times. */
public class CountersTest {

    @Test
    public void handshakesAreCountedAsNewOrResumedAndByAlpnProtocol() {
        Counters counters = new Counters();
        counters.handshakeDone(false, "h2");
        counters.handshakeDone(true, "h2");
        counters.handshakeDone(true, "http/1.1");
        counters.handshakeDone(false, null);

        TunnelCounters snapshot = counters.snapshot();
        assertEquals(2, snapshot.newSessions());
        assertEquals(2, snapshot.resumedSessions());
        assertEquals("no ALPN is not a protocol", Map.of("h2", 2L, "http/1.1", 1L), counters.applicationProtocols());
    }

    @Test
    public void refusalsAreTalliedByReasonAndAddUpToTheTotal() {
        Counters counters = new Counters();
        counters.refused(ConnectionObserver.ACCESS);
        counters.refused(ConnectionObserver.ACCESS);
        counters.refused(ConnectionObserver.LIMITS);
        counters.refused(ConnectionObserver.VERIFICATION);
        counters.refused(); // an observer of API 1.0's words

        assertEquals(5, counters.snapshot().refused());
        assertEquals(Map.of("libwrap", 2L, "limits", 1L, "verification", 1L, "other", 1L), counters.refusedByReason());
    }

    @Test
    public void handshakeDurationsFillCumulativeBuckets() {
        Counters counters = new Counters();
        counters.handshakeDone(false, null, 3);
        counters.handshakeDone(true, null, 5);
        counters.handshakeDone(false, null, 40);
        counters.handshakeDone(false, null, 60_000);

        HandshakeTimes times = counters.handshakeTimes();
        assertEquals(4, times.count());
        assertEquals(60_048, times.sumMillis());
        assertEquals(List.of(5L, 10L, 25L, 50L, 100L), times.boundsMillis().subList(0, 5));
        assertEquals("<= 5 ms: 2, <= 50 ms: 3; past the last bound only in count",
                List.of(2L, 2L, 2L, 3L, 3L), times.counts().subList(0, 5));
        assertEquals(3L, (long) times.counts().get(times.counts().size() - 1));
        assertEquals("the three-argument form counts sessions too", 3, counters.snapshot().newSessions());
    }
}
