package io.sluice.shell.completers;

import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.shell.ServiceNames;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the protocol names that deployed negotiator plugins provide. */
@Service
public class ProtocolCompleter implements Completer {

    @Reference
    private BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = ServiceNames.of(context, ProtocolNegotiator.class, ProtocolNegotiator.PROTOCOL)
                .stream().map(ServiceNames.Entry::name).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
