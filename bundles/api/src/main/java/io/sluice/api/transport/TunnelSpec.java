package io.sluice.api.transport;

import io.sluice.api.access.AccessPolicy;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.tls.TlsContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What a transport needs to run one tunnel. Immutable: a reconfigured tunnel gets a new spec and
 * a new listener, while connections already open keep the spec they started with.
 *
 * @param name       the tunnel's name, for every log line
 * @param client     client mode: TLS on the connect side; server mode: TLS on the accept side
 * @param accept     where to listen
 * @param targets    where to connect, in configured order
 * @param failover   how the first target is chosen
 * @param tls        the TLS context
 * @param timeouts   the timeouts
 * @param access     the access policy, or null to admit everyone
 * @param negotiator the protocol negotiator, or null for none
 * @param protocolOptions the {@code protocol*} keys for the negotiator
 * @param observer   the counters
 * @param sni        server mode: chooses another service by the client's server name; null for none
 * @param redirect   server mode: where clients that fail verification go (stunnel's redirect); empty for none
 * @param exec       a program in place of one endpoint (stunnel's exec): with {@code accept} it replaces the
 *                   targets (one run per connection); with {@code accept} null the tunnel has no listening
 *                   socket and the program is the accepting side (exec+connect); null for none
 * @param inetd      the accepting side is this process's own standard input and output (stunnel's inetd mode):
 *                   no listening socket, exactly one connection, which starts with the tunnel; {@code accept}
 *                   is null then, and {@code exec} (if any) replaces the targets as in local mode
 */
public record TunnelSpec(
        String name,
        boolean client,
        InetSocketAddress accept,
        List<Target> targets,
        Failover failover,
        TlsContext tls,
        Timeouts timeouts,
        AccessPolicy access,
        ProtocolNegotiator negotiator,
        Map<String, String> protocolOptions,
        ConnectionObserver observer,
        SniRouter sni,
        List<Target> redirect,
        Exec exec,
        boolean inetd) {

    public TunnelSpec {
        targets = List.copyOf(targets);
        redirect = redirect == null ? List.of() : List.copyOf(redirect);
        protocolOptions = Map.copyOf(protocolOptions);
    }

    /** A tunnel that listens on a socket, or an exec+connect one (before inetd mode came). */
    public TunnelSpec(String name, boolean client, InetSocketAddress accept, List<Target> targets, Failover failover,
            TlsContext tls, Timeouts timeouts, AccessPolicy access, ProtocolNegotiator negotiator,
            Map<String, String> protocolOptions, ConnectionObserver observer, SniRouter sni, List<Target> redirect,
            Exec exec) {
        this(name, client, accept, targets, failover, tls, timeouts, access, negotiator, protocolOptions, observer, sni,
                redirect, exec, false);
    }

    /** A tunnel without a program in place of an endpoint. */
    public TunnelSpec(String name, boolean client, InetSocketAddress accept, List<Target> targets, Failover failover,
            TlsContext tls, Timeouts timeouts, AccessPolicy access, ProtocolNegotiator negotiator,
            Map<String, String> protocolOptions, ConnectionObserver observer, SniRouter sni, List<Target> redirect) {
        this(name, client, accept, targets, failover, tls, timeouts, access, negotiator, protocolOptions, observer, sni,
                redirect, null, false);
    }

    /** A tunnel without redirect or a program (0.2.0's first constructor, before redirect came). */
    public TunnelSpec(String name, boolean client, InetSocketAddress accept, List<Target> targets, Failover failover,
            TlsContext tls, Timeouts timeouts, AccessPolicy access, ProtocolNegotiator negotiator,
            Map<String, String> protocolOptions, ConnectionObserver observer, SniRouter sni) {
        this(name, client, accept, targets, failover, tls, timeouts, access, negotiator, protocolOptions, observer, sni,
                List.of(), null, false);
    }

    /** A tunnel without SNI routing. */
    public TunnelSpec(String name, boolean client, InetSocketAddress accept, List<Target> targets, Failover failover,
            TlsContext tls, Timeouts timeouts, AccessPolicy access, ProtocolNegotiator negotiator,
            Map<String, String> protocolOptions, ConnectionObserver observer) {
        this(name, client, accept, targets, failover, tls, timeouts, access, negotiator, protocolOptions, observer, null,
                List.of(), null, false);
    }
}
