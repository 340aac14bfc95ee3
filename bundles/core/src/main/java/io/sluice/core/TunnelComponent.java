package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.HandshakeTimes;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelKeys;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import io.sluice.api.access.AccessPolicy;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.Transport;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.pki.DefaultCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnel per factory configuration {@code io.sluice.tunnel} ({@code etc/io.sluice.tunnel-NAME.cfg}).
 *
 * <p>TLS providers, protocol negotiators, access policies and the default certificate are dynamic
 * references, narrowed by this tunnel's own configuration: a tunnel whose {@code protocol} names a
 * negotiator that no bundle provides stays registered and says what it waits for, and starts by
 * itself when the negotiator appears. A configuration that is refused leaves the tunnel FAILED
 * (nothing bound); a refused reconfiguration keeps the running one.
 */
@Component(name = TunnelComponent.PID, configurationPid = TunnelComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = Tunnel.class)
@Designate(ocd = TunnelConfig.class, factory = true)
public final class TunnelComponent implements Tunnel {

    static final String PID = TunnelKeys.FACTORY_PID;

    private static final Logger LOG = LoggerFactory.getLogger(TunnelComponent.class);
    /** Providers outside the sluice feature, by the feature that brings each (the fix a WAITING tunnel names). */
    private static final Map<String, String> PROVIDER_FEATURES = Map.of("openssl", "sluice-tls-openssl");

    private final Counters counters = new Counters();
    private final NamedServices<TlsProvider> providers = new NamedServices<>(TlsProvider.NAME);
    private final NamedServices<ProtocolNegotiator> negotiators = new NamedServices<>(ProtocolNegotiator.PROTOCOL);
    private final NamedServices<AccessPolicy> policies = new NamedServices<>(AccessPolicy.NAME);
    private volatile DefaultCertificate defaultCertificate;

    @Reference(target = "(transport=mina)")
    private Transport transport;

    @Reference
    private ConfigurationAdmin configurations;

    private final SniRoutes sniRoutes = SniRoutes.SHARED;

    private StoppedTunnels stoppedTunnels;
    private String name;
    private boolean stopped;
    private ConfigurationView written = ConfigurationView.NONE;
    private TunnelSettings settings;
    private Listener listener;
    /** Earlier listeners (before a stop or reconfiguration) whose connections still drain. */
    private final List<Listener> draining = new ArrayList<>();
    /** The listener's TLS, following its files; kept once closed, for the certificate last served. */
    private ServedTls served;
    private List<Object> runningWith;
    private TunnelState state = TunnelState.STOPPED;
    private String reason;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties) {
        stoppedTunnels = new StoppedTunnels(Optional.ofNullable(context.getDataFile("stopped-tunnels"))
                .map(java.io.File::toPath).orElse(null));
        name = ConfigParser.tunnelName(properties);
        stopped = stoppedTunnels.contains(name);
        if (DeletedTunnelFile.removed(configurations, name, properties)) {
            return; // stays STOPPED until SCR disposes of it
        }
        configure(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    synchronized void deactivate(int why) {
        if (why == DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            // A tunnel made again under this name later starts afresh.
            stoppedTunnels.set(name, false);
        }
        closeListener(false);
        state = TunnelState.STOPPED;
        reason = null;
        settings = null;
    }

    /** Parse, resolve, load: any step refusing leaves the tunnel FAILED, or keeps the running configuration. */
    private void configure(Map<String, Object> properties) {
        TunnelSettings read;
        try {
            read = TunnelConfiguration.read(name, properties, TunnelConfiguration.etc());
            ProtocolOptions.check(read, negotiatorOf(read));
        } catch (ConfigException e) {
            if (listener != null) {
                LOG.error("{}; keeping the running configuration", e.getMessage());
                reason = "new configuration refused: " + e.getMessage();
            } else {
                LOG.error(e.getMessage());
                // Nothing runs: show what was written, and let no service event start old settings.
                written = new ConfigurationView(properties);
                settings = null;
                state = TunnelState.FAILED;
                reason = e.getMessage();
            }
            return;
        }
        written = new ConfigurationView(properties);
        settings = read;
        restart();
    }

    /** Binds (again) with the current settings and services, or says what is missing. */
    private void restart() {
        closeListener(false);
        if (stopped) {
            state = TunnelState.STOPPED;
            reason = "stopped by an operator (tunnel:start " + name + ")";
            return;
        }
        settings = ProviderChoice.giveWay(settings, providers.get(settings.tlsProvider()));
        String missing = missing();
        if (missing != null) {
            // Once per service awaited: while the features install, each provider that arrives
            // restarts the tunnel, and the providers present (the reason's parentheses) change.
            boolean told = state == TunnelState.WAITING && reason != null
                    && reason.replaceFirst(" \\(.*", "").equals(missing.replaceFirst(" \\(.*", ""));
            state = TunnelState.WAITING;
            reason = missing;
            if (!told) {
                LOG.info("Service [{}] waiting for {}", name, missing);
            }
            return;
        }
        try {
            // The plugin may have come after the configuration: its keys are checked now.
            ProtocolOptions.check(settings, negotiatorOf(settings));
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            state = TunnelState.FAILED;
            reason = e.getMessage();
            return;
        }
        List<Object> using = dependencies();
        try {
            served = ServedTls.start(this, settings, providers.get(settings.tlsProvider()), defaultCertificate,
                    rotated -> settings = rotated);
            TunnelSpec spec = spec(served.context());
            SniSecondary secondary = settings.secondary();
            listener = secondary != null ? sniRoutes.attach(secondary.primary(), secondary.patterns(), spec)
                    : transport.listen(spec);
        } catch (GeneralSecurityException e) {
            fail("TLS provider " + settings.tlsProvider() + " refused the settings: " + e.getMessage());
            return;
        } catch (IOException e) {
            String binding = settings.inetd() ? null : BindFailure.line(name, settings.accept(), e);
            if (binding != null) {
                LOG.info(binding);
            }
            fail(settings.inetd() ? "cannot take standard input and output (inetd mode): " + rootCause(e)
                    : settings.accept() instanceof AcceptSide.Program
                    ? "cannot start exec = " + settings.exec().program() + ": " + rootCause(e)
                    : "cannot bind accept = " + settings.acceptText() + ": " + rootCause(e));
            return;
        }
        runningWith = using;
        state = TunnelState.RUNNING;
        reason = null;
        served.follow();
        // stunnel's line ends at the address (scripts take the port from its end): Sluice's facts follow on their own.
        for (String side : AcceptLines.of(settings, listener)) {
            LOG.info("Service [{}] {}", name, side);
        }
        LOG.info("Service [{}] {} mode, TLS by {}{}, connecting {}", name, settings.client() ? "client" : "server",
                settings.tlsProvider(), settings.protocol() == null ? "" : ", protocol " + settings.protocol(),
                String.join(", ", settings.connectText()));
    }

    /** Caller holds the lock; the services are in place. */
    private TunnelSpec spec(TlsContext tls) {
        return TunnelSpec.builder(name).client(settings.client()).accept(settings.accept())
                .connect(settings.connect()).tls(tls).timeouts(settings.timeouts())
                .limits(settings.policy().limits()).renegotiation(settings.policy().renegotiation())
                .socketOptions(settings.policy().socket()).proxyInput(settings.policy().proxyInput())
                .access(settings.libwrap() ? policies.get("libwrap") : null)
                .negotiator(negotiatorOf(settings))
                .protocolOptions(settings.protocolOptions()).observer(counters)
                .sni(settings.client() || settings.secondary() != null ? null : sniRoutes.routerFor(name))
                .redirect(settings.redirect()).build();
    }

    /** MINA wraps the socket's own error ("Address already in use") in one of its own. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
    }

    private void fail(String why) {
        state = TunnelState.FAILED;
        reason = why;
        LOG.error("Service [{}]: {}", name, why);
    }

    private void closeListener(boolean closeConnections) {
        if (served != null) {
            served.close();
        }
        draining.removeIf(old -> old.activeConnections() == 0);
        if (listener != null) {
            listener.close(closeConnections);
            if (!closeConnections && listener.activeConnections() > 0) {
                draining.add(listener);
            }
            listener = null;
            runningWith = null;
            LOG.info("Service [{}] closed", name);
        }
    }

    /** The negotiator the tunnel's protocol names, null for none or while no plugin provides it. */
    private ProtocolNegotiator negotiatorOf(TunnelSettings tunnel) {
        return tunnel.protocol() == null ? null : negotiators.get(tunnel.protocol());
    }

    private String missing() {
        if (providers.get(settings.tlsProvider()) == null) {
            String feature = PROVIDER_FEATURES.get(settings.tlsProvider());
            return "TLS provider '" + settings.tlsProvider() + "' (" + ProviderChoice.why(settings) + "; present: "
                    + providers.names() + (feature == null ? "" : "; install it: feature:install " + feature + ", or add " + feature
                    + " to featuresBoot in etc/org.apache.karaf.features.cfg") + ")";
        }
        if (settings.protocol() != null && negotiators.get(settings.protocol()) == null) {
            return "protocol negotiator '" + settings.protocol() + "' (protocol; present: " + negotiators.names() + ")";
        }
        if (settings.libwrap() && policies.get("libwrap") == null) {
            return "access policy 'libwrap' (libwrap = yes; install the access-hosts bundle)";
        }
        if (settings.needsDefaultCertificate() && defaultCertificate == null) {
            return "the default certificate (no cert set; see etc/sluice.crt)";
        }
        return null;
    }

    /** The services the listener was built with; when one of them changes, the tunnel restarts. */
    private List<Object> dependencies() {
        return Arrays.asList(providers.get(settings.tlsProvider()),
                negotiatorOf(settings),
                settings.libwrap() ? policies.get("libwrap") : null,
                settings.needsDefaultCertificate() ? defaultCertificate : null);
    }

    /** A service came or went: start, restart or go back to waiting as the configuration requires. */
    private synchronized void servicesChanged() {
        if (settings == null || (state == TunnelState.RUNNING && dependencies().equals(runningWith))) {
            return;
        }
        restart();
    }

    // ---- Tunnel --------------------------------------------------------------------------------

    @Override
    public synchronized String name() {
        return name;
    }

    @Override
    public synchronized TunnelStatus status() {
        return written.status(name, settings,
                listener == null || listener.boundAddress() == null ? null : ConnectionInfo.address(listener.boundAddress()),
                state, reason, counters.snapshot());
    }

    @Override
    public synchronized Map<String, String> configuration() {
        return written.shown();
    }

    @Override
    public Map<String, Long> handshakeFailuresByReason() {
        return counters.handshakeFailuresByReason();
    }

    @Override
    public Map<String, Long> applicationProtocols() {
        return counters.applicationProtocols();
    }

    @Override
    public Map<String, Long> refusedByReason() {
        return counters.refusedByReason();
    }

    @Override
    public HandshakeTimes handshakeTimes() {
        return counters.handshakeTimes();
    }

    @Override
    public List<String> lastErrors() {
        return counters.lastErrors();
    }

    @Override
    public synchronized X509Certificate certificate() {
        return served == null || served.keyMaterial() == null ? null : served.keyMaterial().leaf();
    }

    @Override
    public List<ConnectionInfo> connections() {
        return listeners().stream().flatMap(l -> l.connections().stream()).toList();
    }

    @Override
    public boolean kill(long connectionId) {
        return listeners().stream().anyMatch(l -> l.kill(connectionId));
    }

    /** The listener and those still draining; their connections are asked outside this lock. */
    private synchronized List<Listener> listeners() {
        List<Listener> all = new ArrayList<>(draining);
        if (listener != null) {
            all.add(listener);
        }
        return all;
    }

    @Override
    public synchronized void stop(boolean closeConnections) {
        stopped = true;
        stoppedTunnels.set(name, true);
        if (closeConnections) {
            draining.forEach(old -> old.close(true));
            draining.clear();
        }
        closeListener(closeConnections);
        state = TunnelState.STOPPED;
        reason = "stopped by an operator (tunnel:start " + name + ")";
        LOG.info("Service [{}] stopped{}", name, closeConnections ? ", connections closed" : "");
    }

    @Override
    public synchronized void start() {
        if (!stopped) {
            return;
        }
        stopped = false;
        stoppedTunnels.set(name, false);
        LOG.info("Service [{}] started by an operator", name);
        if (settings != null) {
            restart();
        }
    }

    // ---- references ----------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTlsProvider(TlsProvider provider, Map<String, Object> properties) {
        providers.add(provider, properties);
        servicesChanged();
    }

    void removeTlsProvider(TlsProvider provider) {
        providers.remove(provider);
        servicesChanged();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addNegotiator(ProtocolNegotiator negotiator, Map<String, Object> properties) {
        negotiators.add(negotiator, properties);
        servicesChanged();
    }

    void removeNegotiator(ProtocolNegotiator negotiator) {
        negotiators.remove(negotiator);
        servicesChanged();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAccessPolicy(AccessPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
        servicesChanged();
    }

    void removeAccessPolicy(AccessPolicy policy) {
        policies.remove(policy);
        servicesChanged();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDefaultCertificate(DefaultCertificate certificate) {
        defaultCertificate = certificate;
        servicesChanged();
    }

    void unsetDefaultCertificate(DefaultCertificate certificate) {
        if (defaultCertificate == certificate) {
            defaultCertificate = null;
            servicesChanged();
        }
    }

    /** DS's deactivation reason when the tunnel's configuration was deleted (ComponentConstants). */
    private static final int DEACTIVATION_REASON_CONFIGURATION_DELETED = 2;
}
