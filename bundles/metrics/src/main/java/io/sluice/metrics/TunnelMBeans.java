package io.sluice.metrics;

import io.sluice.api.Tunnel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code io.sluice:type=Tunnel,name=NAME} in Karaf's MBean server (feature management)
 * for every tunnel while it exists, so that JConsole and other JMX clients see Sluice's own view
 * beside Karaf's. Without an MBean server (no management feature) there is nothing to do.
 */
@Component(immediate = true)
public final class TunnelMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelMBeans.class);

    private final Map<Tunnel, ObjectName> registered = new ConcurrentHashMap<>();

    @Reference
    private MBeanServer server;

    private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
    private volatile boolean active;

    /** Tunnels bound before activation (DS may bind them before the MBean server) wait for it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTunnel(Tunnel tunnel) {
        tunnels.add(tunnel);
        if (active) {
            register(tunnel);
        }
    }

    @Activate
    void activate() {
        active = true;
        tunnels.forEach(this::register);
    }

    private synchronized void register(Tunnel tunnel) {
        if (registered.containsKey(tunnel) || !tunnels.contains(tunnel)) {
            return;
        }
        try {
            ObjectName name = name(tunnel.name());
            server.registerMBean(new TunnelMXBeanImpl(tunnel), name);
            registered.put(tunnel, name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("Service [{}]: no JMX MBean: {}", tunnel.name(), e.toString());
        }
    }

    synchronized void removeTunnel(Tunnel tunnel) {
        tunnels.remove(tunnel);
        ObjectName name = registered.remove(tunnel);
        if (name != null) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("Service [{}]: MBean {} already gone: {}", tunnel.name(), name, e.toString());
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        for (Tunnel tunnel : List.copyOf(registered.keySet())) {
            removeTunnel(tunnel);
        }
    }

    /** {@code io.sluice:type=Tunnel,name=NAME}, the name quoted only when it holds ObjectName's special characters. */
    static ObjectName name(String tunnel) throws JMException {
        String value = tunnel.matches("[^,=:\"*?\\\\\n]*") ? tunnel : ObjectName.quote(tunnel);
        return new ObjectName("io.sluice:type=Tunnel,name=" + value);
    }
}
