package io.sluice.shell.completers;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the tunnels configured now. */
@Service
public class TunnelNameCompleter implements Completer {

    @Reference
    private TunnelAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter(admin.tunnels().stream().map(TunnelStatus::name).toList());
        return names.complete(session, commandLine, candidates);
    }
}
