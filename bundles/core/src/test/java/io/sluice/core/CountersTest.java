package io.sluice.core;

import static org.junit.Assert.assertEquals;

import io.sluice.api.TunnelCounters;
import java.util.Map;
import org.junit.Test;

/** What tunnel:info shows of handshakes: new and resumed sessions, and handshakes per ALPN protocol. */
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
}
