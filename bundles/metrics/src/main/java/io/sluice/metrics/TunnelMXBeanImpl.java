package io.sluice.metrics;

import io.sluice.api.Tunnel;
import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelStatus;
import java.security.cert.X509Certificate;
import java.util.Map;

/** One tunnel's MXBean: a live view, every read asks the tunnel. */
final class TunnelMXBeanImpl implements TunnelMXBean {

    private final Tunnel tunnel;

    TunnelMXBeanImpl(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    private TunnelStatus status() {
        return tunnel.status();
    }

    private TunnelCounters counters() {
        return status().counters();
    }

    @Override
    public String getName() {
        return tunnel.name();
    }

    @Override
    public String getState() {
        return status().state().name();
    }

    @Override
    public String getReason() {
        String reason = status().reason();
        return reason == null ? "" : reason;
    }

    @Override
    public String getAccept() {
        return String.valueOf(status().accept());
    }

    @Override
    public String getBound() {
        String bound = status().bound();
        return bound == null ? "" : bound;
    }

    @Override
    public long getActiveConnections() {
        return counters().activeConnections();
    }

    @Override
    public long getTotalConnections() {
        return counters().totalConnections();
    }

    @Override
    public long getBytesIn() {
        return counters().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return counters().bytesOut();
    }

    @Override
    public long getHandshakeFailures() {
        return counters().handshakeFailures();
    }

    @Override
    public long getConnectFailures() {
        return counters().connectFailures();
    }

    @Override
    public long getRefused() {
        return counters().refused();
    }

    @Override
    public long getNewSessions() {
        return counters().newSessions();
    }

    @Override
    public long getResumedSessions() {
        return counters().resumedSessions();
    }

    @Override
    public Map<String, Long> getRefusedByReason() {
        return tunnel.refusedByReason();
    }

    @Override
    public Map<String, Long> getHandshakeFailuresByReason() {
        return tunnel.handshakeFailuresByReason();
    }

    @Override
    public long getCertificateExpirySeconds() {
        X509Certificate certificate = tunnel.certificate();
        return certificate == null ? 0 : (certificate.getNotAfter().getTime() - System.currentTimeMillis()) / 1000;
    }

    @Override
    public void start() {
        tunnel.start();
    }

    @Override
    public void stop(boolean closeConnections) {
        tunnel.stop(closeConnections);
    }

    @Override
    public boolean killConnection(long id) {
        return tunnel.kill(id);
    }
}
