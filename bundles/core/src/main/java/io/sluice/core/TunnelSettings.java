package io.sluice.core;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tunnel's configuration, parsed and checked. Built with {@link #builder(String)} by
 * {@link ConfigParser}, then completed by the steps that need I/O: {@link EndpointResolver} resolves
 * the host names, {@link TlsMaterialLoader} fills {@link #tls()} with the material of {@link #files()}.
 *
 * @param acceptText  the accept side as shown (tunnel:list, status): accept's value, "stdio", "exec ..." or "sni ..."
 * @param connectText the connect side as shown: connect's items, or "exec ..." for a program per connection
 * @param delay       stunnel's delay = yes: connect and redirect names stay unresolved, for each connection
 * @param redirect    where a server sends clients that fail verification (stunnel's redirect); empty for none
 * @param secondary   an SNI secondary service's primary and server names (accept is ByServerName), or null
 * @param tls         the TLS settings; their key, trust anchors, CRLs and pre-shared keys only once loaded
 * @param files       the files of the TLS material
 * @param policy      limits, renegotiation and socket options of its connections
 * @param values      the configuration as written: the later steps' refusals name its keys and values
 */
record TunnelSettings(
        String name,
        boolean client,
        AcceptSide accept,
        String acceptText,
        ConnectSide connect,
        List<String> connectText,
        boolean delay,
        List<Target> redirect,
        SniSecondary secondary,
        TlsSettings tls,
        TlsFiles files,
        String tlsProvider,
        String protocol,
        Map<String, String> protocolOptions,
        boolean libwrap,
        Timeouts timeouts,
        ConnectionPolicy policy,
        ConfigValues values) {

    TunnelSettings {
        Objects.requireNonNull(accept, "accept");
        Objects.requireNonNull(connect, "connect");
        connectText = List.copyOf(connectText);
        redirect = List.copyOf(redirect);
        files = files == null ? TlsFiles.NONE : files;
        protocolOptions = protocolOptions == null ? Map.of() : Map.copyOf(protocolOptions);
        policy = policy == null ? ConnectionPolicy.DEFAULT : policy;
    }

    /** stunnel's exec on either side, or null. */
    Exec exec() {
        if (accept instanceof AcceptSide.Program program) {
            return program.exec();
        }
        return connect instanceof ConnectSide.Program program ? program.exec() : null;
    }

    /** stunnel's inetd mode: standard input and output are the accept side. */
    boolean inetd() {
        return accept instanceof AcceptSide.Stdio;
    }

    /** The listening address; null when the accept side is no socket. */
    InetSocketAddress acceptAddress() {
        return accept instanceof AcceptSide.Sockets sockets ? sockets.addresses().get(0) : null;
    }

    /** The connect targets; empty when a program takes their place. */
    List<Target> targets() {
        return connect instanceof ConnectSide.Targets targets ? targets.targets() : List.of();
    }

    Failover failover() {
        return connect instanceof ConnectSide.Targets targets ? targets.failover() : Failover.PRIO;
    }

    /** The files a running tunnel follows. */
    List<Path> tlsFiles() {
        return files.watched();
    }

    /** A server without cert nor PSKsecrets serves the installation's default certificate. */
    boolean needsDefaultCertificate() {
        return !client && files.cert() == null && files.pskSecrets() == null;
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    Builder toBuilder() {
        return new Builder(name).client(client).accept(accept, acceptText).connect(connect, connectText).delay(delay)
                .redirect(redirect).secondary(secondary).tls(tls).files(files).tlsProvider(tlsProvider)
                .protocol(protocol, protocolOptions).libwrap(libwrap).timeouts(timeouts).policy(policy).values(values);
    }

    static final class Builder {
        private final String name;
        private boolean client;
        private AcceptSide accept;
        private String acceptText;
        private ConnectSide connect;
        private List<String> connectText = List.of();
        private boolean delay;
        private List<Target> redirect = List.of();
        private SniSecondary secondary;
        private TlsSettings tls;
        private TlsFiles files;
        private String tlsProvider;
        private String protocol;
        private Map<String, String> protocolOptions = Map.of();
        private boolean libwrap;
        private Timeouts timeouts;
        private ConnectionPolicy policy;
        private ConfigValues values;

        private Builder(String name) {
            this.name = name;
        }

        Builder client(boolean client) {
            this.client = client;
            return this;
        }

        Builder accept(AcceptSide accept, String text) {
            this.accept = accept;
            this.acceptText = text;
            return this;
        }

        Builder connect(ConnectSide connect, List<String> text) {
            this.connect = connect;
            this.connectText = text;
            return this;
        }

        Builder delay(boolean delay) {
            this.delay = delay;
            return this;
        }

        Builder redirect(List<Target> redirect) {
            this.redirect = redirect;
            return this;
        }

        Builder secondary(SniSecondary secondary) {
            this.secondary = secondary;
            return this;
        }

        Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        Builder files(TlsFiles files) {
            this.files = files;
            return this;
        }

        Builder tlsProvider(String tlsProvider) {
            this.tlsProvider = tlsProvider;
            return this;
        }

        Builder protocol(String protocol, Map<String, String> options) {
            this.protocol = protocol;
            this.protocolOptions = options;
            return this;
        }

        Builder libwrap(boolean libwrap) {
            this.libwrap = libwrap;
            return this;
        }

        Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        Builder policy(ConnectionPolicy policy) {
            this.policy = policy;
            return this;
        }

        Builder values(ConfigValues values) {
            this.values = values;
            return this;
        }

        TunnelSettings build() {
            return new TunnelSettings(name, client, accept, acceptText, connect, connectText, delay, redirect, secondary,
                    tls, files, tlsProvider, protocol, protocolOptions, libwrap, timeouts, policy, values);
        }
    }
}
