package io.sluice.metrics;

import java.util.Map;

/**
 * What JMX (JConsole, a Jolokia agent, ...) sees of one tunnel, as {@code io.sluice:type=Tunnel,name=NAME}.
 * Reading needs Karaf's viewer role, the operations its admin role (etc/jmx.acl.cfg's defaults).
 */
public interface TunnelMXBean {

    String getName();

    /** RUNNING, WAITING, FAILED or STOPPED. */
    String getState();

    /** Why it waits or failed; empty when running. */
    String getReason();

    String getAccept();

    /** The address bound while running, else empty. */
    String getBound();

    long getActiveConnections();

    long getTotalConnections();

    long getBytesIn();

    long getBytesOut();

    long getHandshakeFailures();

    long getConnectFailures();

    long getRefused();

    long getNewSessions();

    long getResumedSessions();

    Map<String, Long> getRefusedByReason();

    Map<String, Long> getHandshakeFailuresByReason();

    /** Seconds until the served certificate expires (negative: expired); 0 without one. */
    long getCertificateExpirySeconds();

    /** Accept again after {@link #stop}. */
    void start();

    /** Stop accepting; with {@code closeConnections} the open connections are closed too, else they drain. */
    void stop(boolean closeConnections);

    /** Close one connection of this tunnel (its id as tunnel:connections shows it); false when it has none such. */
    boolean killConnection(long id);
}
