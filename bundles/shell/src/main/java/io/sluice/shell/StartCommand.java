package io.sluice.shell;

import io.sluice.api.Tunnel;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "start", description = "Starts a tunnel stopped by tunnel:stop.")
@Service
public class StartCommand extends TunnelCommand {

    @Override
    public Object execute() {
        Tunnel tunnel = tunnel();
        tunnel.start();
        System.out.println(Format.state(tunnel.status()));
        return null;
    }
}
