package io.sluice.shell;

import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;
import io.sluice.shell.completers.TunnelNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * A command on one running tunnel, named by its first argument. Karaf's shell injects, parses and
 * completes the fields of superclasses too (it walks the class hierarchy), and registers only the
 * {@code @Service} subclasses.
 */
abstract class TunnelCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Argument(index = 0, name = "name", description = "The tunnel's name", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    /** The named tunnel, or the error every command gives for a wrong name. */
    protected Tunnel tunnel() {
        return Tunnels.require(admin, name);
    }
}
