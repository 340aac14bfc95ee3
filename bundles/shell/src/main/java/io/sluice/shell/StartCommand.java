package io.sluice.shell;

import io.sluice.api.TunnelAdmin;
import io.sluice.shell.completers.TunnelNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "start", description = "Starts a tunnel stopped by tunnel:stop.")
@Service
public class StartCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Argument(index = 0, name = "name", description = "The tunnel's name", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Override
    public Object execute() {
        Tunnels.require(admin, name).start();
        System.out.println(Format.state(Tunnels.require(admin, name).status()));
        return null;
    }
}
