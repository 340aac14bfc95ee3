package io.sluice.shell.completers;

import io.sluice.api.TunnelKeys;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes tunnel configuration keys (stunnel's option names). */
@Service
public class KeyCompleter implements Completer {

    private final StringsCompleter keys = new StringsCompleter(TunnelKeys.names());

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return keys.complete(session, commandLine, candidates);
    }
}
