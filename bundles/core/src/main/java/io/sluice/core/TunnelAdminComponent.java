package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Every tunnel of this container, whatever its state, for consoles, JMX and tests. */
@Component(service = TunnelAdmin.class, immediate = true)
public final class TunnelAdminComponent implements TunnelAdmin {

    private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();

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
}
