package io.sluice.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "stop", description = "Stops a tunnel accepting; open connections drain unless --kill. It stays stopped, across restarts too, until tunnel:start.")
@Service
public class StopCommand extends TunnelCommand {

    @Option(name = "--kill", description = "Also close the open connections now")
    private boolean kill;

    @Override
    public Object execute() {
        tunnel().stop(kill);
        return null;
    }
}
