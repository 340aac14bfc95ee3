package io.sluice.api.transport;

import io.sluice.api.access.AccessPolicy;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.tls.TlsContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a transport needs to run one tunnel. Immutable: a reconfigured tunnel gets a new spec and
 * a new listener, while connections already open keep the spec they started with. Built with
 * {@link #builder(String)}.
 *
 * @param name       the tunnel's name, for every log line
 * @param client     client mode: TLS on the connect side; server mode: TLS on the accept side
 * @param accept     where connections come from
 * @param connect    where they go
 * @param tls        the TLS context
 * @param timeouts   the timeouts
 * @param access     the access policy, or null to admit everyone
 * @param negotiator the protocol negotiator, or null for none
 * @param protocolOptions the {@code protocol*} keys for the negotiator
 * @param observer   the counters
 * @param sni        server mode: chooses another service by the client's server name; null for none
 * @param redirect   server mode: where clients that fail verification go (stunnel's redirect); empty for none
 * @param limits     bounds on the tunnel's connections
 * @param renegotiation whether a TLS 1.2 renegotiation may run on an established connection (stunnel's
 *                   {@code renegotiation}); refused, it ends that connection
 * @param socketOptions options of the listening, accepted and connected sockets
 * @param proxyInput  PROXY protocol on input: the load balancers whose header names the client; null for none
 */
public record TunnelSpec(
        String name,
        boolean client,
        AcceptSide accept,
        ConnectSide connect,
        TlsContext tls,
        Timeouts timeouts,
        AccessPolicy access,
        ProtocolNegotiator negotiator,
        Map<String, String> protocolOptions,
        ConnectionObserver observer,
        SniRouter sni,
        List<Target> redirect,
        Limits limits,
        boolean renegotiation,
        SocketOptions socketOptions,
        ProxyInput proxyInput) {

    public TunnelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accept, "accept");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(observer, "observer");
        protocolOptions = protocolOptions == null ? Map.of() : Map.copyOf(protocolOptions);
        redirect = redirect == null ? List.of() : List.copyOf(redirect);
        limits = limits == null ? Limits.NONE : limits;
        socketOptions = socketOptions == null ? SocketOptions.DEFAULT : socketOptions;
    }

    /** The configured targets; empty when a program takes their place. */
    public List<Target> targets() {
        return connect instanceof ConnectSide.Targets t ? t.targets() : List.of();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder with this spec's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name).client(client).accept(accept).connect(connect).tls(tls).timeouts(timeouts)
                .access(access).negotiator(negotiator).protocolOptions(protocolOptions).observer(observer).sni(sni)
                .redirect(redirect).limits(limits).renegotiation(renegotiation).socketOptions(socketOptions)
                .proxyInput(proxyInput);
    }

    /**
     * Every component but name, accept, connect, tls, timeouts and observer is optional; by default
     * no limits of the tunnel's own, no renegotiation, keep-alive on the connections' sockets.
     */
    public static final class Builder {
        private final String name;
        private boolean client;
        private AcceptSide accept;
        private ConnectSide connect;
        private TlsContext tls;
        private Timeouts timeouts;
        private AccessPolicy access;
        private ProtocolNegotiator negotiator;
        private Map<String, String> protocolOptions = Map.of();
        private ConnectionObserver observer;
        private SniRouter sni;
        private List<Target> redirect = List.of();
        private Limits limits = Limits.NONE;
        private boolean renegotiation;
        private SocketOptions socketOptions = SocketOptions.DEFAULT;
        private ProxyInput proxyInput;

        private Builder(String name) {
            this.name = name;
        }

        public Builder client(boolean client) {
            this.client = client;
            return this;
        }

        public Builder accept(AcceptSide accept) {
            this.accept = accept;
            return this;
        }

        public Builder connect(ConnectSide connect) {
            this.connect = connect;
            return this;
        }

        public Builder tls(TlsContext tls) {
            this.tls = tls;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder access(AccessPolicy access) {
            this.access = access;
            return this;
        }

        public Builder negotiator(ProtocolNegotiator negotiator) {
            this.negotiator = negotiator;
            return this;
        }

        public Builder protocolOptions(Map<String, String> protocolOptions) {
            this.protocolOptions = protocolOptions;
            return this;
        }

        public Builder observer(ConnectionObserver observer) {
            this.observer = observer;
            return this;
        }

        public Builder sni(SniRouter sni) {
            this.sni = sni;
            return this;
        }

        public Builder redirect(List<Target> redirect) {
            this.redirect = redirect;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder renegotiation(boolean renegotiation) {
            this.renegotiation = renegotiation;
            return this;
        }

        public Builder socketOptions(SocketOptions socketOptions) {
            this.socketOptions = socketOptions;
            return this;
        }

        public Builder proxyInput(ProxyInput proxyInput) {
            this.proxyInput = proxyInput;
            return this;
        }

        public TunnelSpec build() {
            return new TunnelSpec(name, client, accept, connect, tls, timeouts, access, negotiator, protocolOptions,
                    observer, sni, redirect, limits, renegotiation, socketOptions,
                    proxyInput);
        }
    }
}
