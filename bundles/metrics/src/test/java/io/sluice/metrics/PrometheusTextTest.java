package io.sluice.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.HandshakeTimes;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The exposition text: every family of FAMILIES, typed, with escaped labels and cumulative buckets. */
public class PrometheusTextTest {

    @Test
    public void everyFamilyIsExportedWithItsType() {
        String text = PrometheusText.render(List.of(new FixedTunnel("web", TunnelState.RUNNING)), 0);
        TreeSet<String> typed = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) (counter|gauge|histogram)$").matcher(text);
        while (type.find()) {
            typed.add(type.group(1));
        }
        assertEquals(new TreeSet<>(PrometheusText.FAMILIES), typed);
        assertTrue(text, text.contains("\nsluice_refused_total{tunnel=\"web\",reason=\"libwrap\"} 2\n"));
        assertTrue(text, text.contains("\nsluice_handshake_duration_seconds_bucket{tunnel=\"web\",le=\"0.005\"} 1\n"));
        assertTrue(text, text.contains("\nsluice_handshake_duration_seconds_bucket{tunnel=\"web\",le=\"+Inf\"} 3\n"));
        assertTrue(text, text.contains("\nsluice_handshake_duration_seconds_sum{tunnel=\"web\"} 1.234\n"));
        assertTrue(text, text.contains("\nsluice_tunnel_state{tunnel=\"web\",state=\"running\"} 1\n"));
        assertTrue(text, text.contains("\nsluice_bytes_received_total{tunnel=\"web\"} 300\n"));
    }

    @Test
    public void labelValuesAreEscaped() {
        assertEquals("a\\\"b\\\\c\\nd", PrometheusText.escape("a\"b\\c\nd"));
        String text = PrometheusText.render(List.of(new FixedTunnel("web", TunnelState.FAILED)), 0);
        assertTrue(text, text.contains("reason=\"certificate \\\"CN=x\\\" rejected\"} 1\n"));
        assertTrue(text, text.contains("\nsluice_tunnel_up{tunnel=\"web\"} 0\n"));
    }

    /** A tunnel with fixed counters. */
    static final class FixedTunnel implements Tunnel {

        private final String name;
        private final TunnelState state;

        FixedTunnel(String name, TunnelState state) {
            this.name = name;
            this.state = state;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TunnelStatus status() {
            return new TunnelStatus(name, false, "127.0.0.1:0", null, List.of("127.0.0.1:9"), null, "jsse", state,
                    state == TunnelState.RUNNING ? null : "why", new TunnelCounters(1, 7, 300, 400, 1, 0, 3, 2, 1));
        }

        @Override
        public Map<String, String> configuration() {
            return Map.of();
        }

        @Override
        public X509Certificate certificate() {
            return null;
        }

        @Override
        public Map<String, Long> handshakeFailuresByReason() {
            return Map.of("certificate \"CN=x\" rejected", 1L);
        }

        @Override
        public Map<String, Long> refusedByReason() {
            return Map.of("libwrap", 2L, "limits", 1L);
        }

        @Override
        public HandshakeTimes handshakeTimes() {
            return new HandshakeTimes(List.of(5L, 10L), List.of(1L, 2L), 3, 1234);
        }

        @Override
        public List<String> lastErrors() {
            return List.of();
        }

        @Override
        public List<ConnectionInfo> connections() {
            return List.of();
        }

        @Override
        public boolean kill(long connectionId) {
            return false;
        }

        @Override
        public void stop(boolean closeConnections) {
        }

        @Override
        public void start() {
        }
    }
}
