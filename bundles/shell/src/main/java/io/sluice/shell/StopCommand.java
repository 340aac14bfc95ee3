package io.sluice.shell;

import io.sluice.api.TunnelAdmin;
import io.sluice.shell.completers.TunnelNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "stop", description = "Stops a tunnel accepting; open connections drain unless --kill. It stays stopped, across restarts too, until tunnel:start.")
@Service
public class StopCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Argument(index = 0, name = "name", description = "The tunnel's name", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Option(name = "--kill", description = "Also close the open connections now")
    private boolean kill;

    @Override
    public Object execute() {
        Tunnels.require(admin, name).stop(kill);
        return null;
    }
}
