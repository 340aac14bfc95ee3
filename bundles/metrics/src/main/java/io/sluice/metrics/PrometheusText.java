package io.sluice.metrics;

import io.sluice.api.HandshakeTimes;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelState;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tunnels' counters in Prometheus' text exposition format (version 0.0.4), one series per
 * tunnel (label {@code tunnel}). Names are documented in bundles/metrics/README.md; the Grafana
 * dashboard in docs/ uses them (a test checks that it uses no other).
 */
final class PrometheusText {

    /** Every metric family, for the dashboard test and the README. */
    static final List<String> FAMILIES = List.of("sluice_tunnel_up", "sluice_tunnel_state",
            "sluice_connections_active", "sluice_connections_total", "sluice_bytes_received_total",
            "sluice_bytes_sent_total", "sluice_refused_total", "sluice_handshake_failures_total",
            "sluice_connect_failures_total", "sluice_tls_sessions_total", "sluice_handshake_duration_seconds",
            "sluice_certificate_expiry_seconds");

    private final StringBuilder out = new StringBuilder();

    private PrometheusText() {
    }

    static String render(List<Tunnel> tunnels, long nowMillis) {
        PrometheusText text = new PrometheusText();
        text.families(tunnels, nowMillis);
        return text.out.toString();
    }

    private void families(List<Tunnel> tunnels, long nowMillis) {
        header("sluice_tunnel_up", "gauge", "1 while the tunnel accepts connections (state running), else 0");
        for (Tunnel t : tunnels) {
            sample("sluice_tunnel_up", t, "", t.status().state() == TunnelState.RUNNING ? 1 : 0);
        }
        header("sluice_tunnel_state", "gauge", "1 for the tunnel's current state, 0 for the others");
        for (Tunnel t : tunnels) {
            for (TunnelState state : TunnelState.values()) {
                sample("sluice_tunnel_state", t, label("state", state.name().toLowerCase(Locale.ROOT)),
                        t.status().state() == state ? 1 : 0);
            }
        }
        counter("sluice_connections_active", "gauge", "Connections open now", tunnels, TunnelCounters::activeConnections);
        counter("sluice_connections_total", "counter", "Connections accepted", tunnels, TunnelCounters::totalConnections);
        counter("sluice_bytes_received_total", "counter", "Plaintext bytes received from the accepting side's clients",
                tunnels, TunnelCounters::bytesIn);
        counter("sluice_bytes_sent_total", "counter", "Plaintext bytes sent to the accepting side's clients",
                tunnels, TunnelCounters::bytesOut);
        header("sluice_refused_total", "counter",
                "Connections refused, by reason: libwrap, limits, busy, negotiation, verification");
        for (Tunnel t : tunnels) {
            byReason("sluice_refused_total", t, t.refusedByReason());
        }
        header("sluice_handshake_failures_total", "counter", "TLS handshakes that failed, by reason");
        for (Tunnel t : tunnels) {
            byReason("sluice_handshake_failures_total", t, t.handshakeFailuresByReason());
        }
        counter("sluice_connect_failures_total", "counter", "Connections whose targets could not be reached",
                tunnels, TunnelCounters::connectFailures);
        header("sluice_tls_sessions_total", "counter", "TLS handshakes completed: new sessions and resumed ones");
        for (Tunnel t : tunnels) {
            TunnelCounters c = t.status().counters();
            sample("sluice_tls_sessions_total", t, label("kind", "new"), c.newSessions());
            sample("sluice_tls_sessions_total", t, label("kind", "resumed"), c.resumedSessions());
        }
        header("sluice_handshake_duration_seconds", "histogram", "Duration of completed TLS handshakes");
        for (Tunnel t : tunnels) {
            histogram(t, t.handshakeTimes());
        }
        header("sluice_certificate_expiry_seconds", "gauge",
                "Seconds until the certificate the tunnel presents expires (negative: expired)");
        for (Tunnel t : tunnels) {
            X509Certificate certificate = t.certificate();
            if (certificate != null) {
                sample("sluice_certificate_expiry_seconds", t, "",
                        (certificate.getNotAfter().getTime() - nowMillis) / 1000);
            }
        }
    }

    private interface Count {
        long of(TunnelCounters counters);
    }

    private void counter(String name, String type, String help, List<Tunnel> tunnels, Count count) {
        header(name, type, help);
        for (Tunnel t : tunnels) {
            sample(name, t, "", count.of(t.status().counters()));
        }
    }

    private void byReason(String name, Tunnel t, Map<String, Long> reasons) {
        reasons.forEach((reason, count) -> sample(name, t, label("reason", reason), count));
    }

    private void histogram(Tunnel t, HandshakeTimes times) {
        for (int i = 0; i < times.boundsMillis().size(); i++) {
            sample("sluice_handshake_duration_seconds_bucket", t,
                    label("le", seconds(times.boundsMillis().get(i))), times.counts().get(i));
        }
        sample("sluice_handshake_duration_seconds_bucket", t, label("le", "+Inf"), times.count());
        line("sluice_handshake_duration_seconds_sum", t, "", seconds(times.sumMillis()));
        sample("sluice_handshake_duration_seconds_count", t, "", times.count());
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + ".0" : String.valueOf(millis / 1000.0);
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Tunnel t, String labels, long value) {
        line(name, t, labels, String.valueOf(value));
    }

    private void line(String name, Tunnel t, String labels, String value) {
        out.append(name).append("{tunnel=\"").append(escape(t.name())).append('"').append(labels).append("} ")
                .append(value).append('\n');
    }

    private static String label(String name, String value) {
        return "," + name + "=\"" + escape(value) + "\"";
    }

    /** Label values: backslash, double quote and line feed escaped, as the format requires. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
