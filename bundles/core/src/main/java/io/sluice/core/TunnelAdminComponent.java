package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelKeys;
import io.sluice.api.TunnelStatus;
import java.io.IOException;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Every tunnel of this container, whatever its state, for consoles, JMX and tests. */
@Component(service = TunnelAdmin.class, immediate = true)
public final class TunnelAdminComponent implements TunnelAdmin {

    private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();

    @Reference
    private ConfigurationAdmin configurations;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTunnel(Tunnel tunnel) {
        tunnels.add(tunnel);
    }

    void removeTunnel(Tunnel tunnel) {
        tunnels.remove(tunnel);
    }

    @Override
    public List<TunnelStatus> tunnels() {
        return tunnels.stream().map(Tunnel::status).sorted(Comparator.comparing(TunnelStatus::name)).toList();
    }

    @Override
    public Optional<TunnelStatus> tunnel(String name) {
        return find(name).map(Tunnel::status);
    }

    @Override
    public Optional<Tunnel> find(String name) {
        return tunnels.stream().filter(t -> name.equals(t.name())).findFirst();
    }

    @Override
    public List<ConnectionInfo> connections() {
        return tunnels.stream().flatMap(t -> t.connections().stream())
                .sorted(Comparator.comparing(ConnectionInfo::tunnel).thenComparing(ConnectionInfo::id)).toList();
    }

    @Override
    public boolean kill(long connectionId) {
        return tunnels.stream().anyMatch(t -> t.kill(connectionId));
    }

    @Override
    public void create(String name, Map<String, String> keys) {
        try {
            // The pure parse, as the tunnel will run it: a bad key fails the caller, not a tunnel left FAILED.
            ConfigParser.parse(TunnelKeys.checkedName(name), keys, TunnelConfiguration.etc());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            configurations.getFactoryConfiguration(TunnelKeys.FACTORY_PID, name, "?").update(new Hashtable<>(keys));
        } catch (IOException e) {
            throw new IllegalStateException("tunnel " + name + ": the configuration store refused it: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String name) {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(service.pid=" + TunnelKeys.FACTORY_PID + "~" + name + ")");
            if (found == null) {
                return false;
            }
            for (Configuration configuration : found) {
                configuration.delete();
            }
            return true;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("tunnel " + name + ": the configuration store refused the delete: " + e.getMessage(), e);
        }
    }
}
