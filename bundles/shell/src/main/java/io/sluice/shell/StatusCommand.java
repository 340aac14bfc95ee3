package io.sluice.shell;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * For scripts and service checks: {@code bin/client -u USER "tunnel:status"} exits 0 when every
 * tunnel that should run runs, 1 (the command fails) naming the others. Stopped tunnels do not count.
 */
@Command(scope = "tunnel", name = "status",
        description = "Succeeds when every tunnel that should run runs; fails naming the waiting and failed ones (exit status 1 over bin/client).")
@Service
public class StatusCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Override
    public Object execute() {
        List<TunnelStatus> tunnels = admin.tunnels();
        List<String> down = tunnels.stream().filter(TunnelStatus::down)
                .map(t -> t.name() + " " + t.state().name().toLowerCase(Locale.ROOT) + " (" + t.reason() + ")").toList();
        if (!down.isEmpty()) {
            throw new IllegalStateException("not running: " + String.join("; ", down));
        }
        long running = tunnels.stream().filter(t -> t.state() == TunnelState.RUNNING).count();
        System.out.println("ok: " + running + " tunnel(s) running" + (running == tunnels.size() ? ""
                : ", " + (tunnels.size() - running) + " stopped"));
        return null;
    }
}
