package io.sluice.shell;

import io.sluice.shell.completers.TunnelNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "delete", description = "Deletes a tunnel's etc/ file: it stops accepting; open connections drain.")
@Service
public class DeleteCommand implements Action {

    @Argument(index = 0, name = "name", description = "The tunnel's name", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Override
    public Object execute() throws Exception {
        TunnelFiles.delete(name);
        return null;
    }
}
