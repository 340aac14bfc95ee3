package io.sluice.transport.mina;

import io.sluice.api.transport.TunnelSpec;
import java.net.InetAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mina.core.service.IoConnector;

/**
 * What a connection's stages need from the tunnel that accepted it, and nothing more: the stages
 * never see the listener itself.
 */
interface Host {

    /** Blocking work (protocol negotiation, DNS, starting programs); never the I/O threads. */
    Executor workers();

    /** TLS handshake tasks (certificate checks that may wait on an OCSP responder). */
    Executor handshakes();

    ScheduledExecutorService timer();

    /** Connects targets on the tunnel's I/O processors. */
    IoConnector connector();

    /** The index of the first target to try for a new connection (stunnel's failover). */
    int firstTarget();

    /** The route of a service that SNI chose, built once per such service. */
    Route route(TunnelSpec spec);

    Watermarks watermarks();

    /** Counts a new connection from {@code source} against the limits: null when admitted, else why not. */
    String admit(InetAddress source);

    /** An admitted connection's setup is over (it relays now). */
    void setupEnded();

    /** An admitted connection ended; {@code inSetup}: before its setup was over. */
    void released(InetAddress source, boolean inSetup);

    /** The connection has closed both sides. */
    void finished(Connection connection);
}
