package io.sluice.shell;

import io.sluice.api.TunnelAdmin;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "kill", description = "Closes one connection at once (IDs from tunnel:connections).")
@Service
public class KillCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Argument(index = 0, name = "id", description = "The connection's ID", required = true)
    private long id;

    @Override
    public Object execute() {
        if (!admin.kill(id)) {
            throw new IllegalArgumentException("no open connection with ID " + id + " (tunnel:connections shows them)");
        }
        return null;
    }
}
